// Sealed responses (issue 13): a sealed session's tablet writes answers it cannot read back;
// results need the passphrase (or the recovery file), and a wrong one changes nothing. The
// tablet's responses file carries the answers still sealed; another device imports it without
// any key and reads it with the recovery file, to the same numbers.
import { test, expect, axeViolations } from './fixtures.mjs';
import { Facilitator, Pupil, PIN, inProgress } from './pages/kiosk.mjs';
import { Results } from './pages/results.mjs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PASSPHRASE = 'blue kettle over the hill';

test('a sealed session stores and sends nothing readable; results open with the passphrase, or the recovery file on another device, to the same numbers', async ({ page, browser, baseURL }, info) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'yv-sealed-'));
  const recovery = path.join(dir, 'recovery.json');
  await new Facilitator(page).startSession({ sealed: PASSPHRASE, recoveryTo: recovery });
  const file = JSON.parse(readFileSync(recovery, 'utf8'));
  expect(file.format).toBe('youth-voice-recovery');

  // Five pupils: the first answers every question, the others skip them all.
  const pupil = new Pupil(page);
  for (let i = 0; i < 5; i++) {
    await expect(pupil.welcome).toBeVisible();
    await pupil.start();
    if (i === 0) await pupil.answerAllByTouch();
    else await pupil.skipToEnd();
    await pupil.send();
    await expect(pupil.thanks).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();
  }

  // What the tablet keeps: five sealed records, no answer code, no passphrase, no private key.
  const raw = await page.evaluate(() => Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
  const records = raw.filter(([k]) => k.startsWith('yv:r:')).map(([, v]) => JSON.parse(v));
  expect(records).toHaveLength(5);
  for (const r of records) {
    expect(r.v).toBe(3);
    expect(r).not.toHaveProperty('c');
    expect(r).not.toHaveProperty('a');
  }
  const everything = raw.map(([k, v]) => `${k}=${v}`).join('\n');
  expect(everything).not.toContain(PASSPHRASE);
  expect(everything).not.toContain(file.secret);
  const session = JSON.parse(raw.find(([k]) => k.startsWith('yv:session:'))[1]);
  expect(session.seal).toBe(file.public);

  // The tablet's responses file: the same five records, still sealed; no key, no passphrase.
  await new Facilitator(page).unlock(PIN);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: "Download this tablet's responses" }).click()]);
  const bundleFile = path.join(dir, dl.suggestedFilename());
  await dl.saveAs(bundleFile);
  const bundleText = readFileSync(bundleFile, 'utf8');
  const bundle = JSON.parse(bundleText);
  expect(bundle.records).toHaveLength(5);
  for (const r of bundle.records) {
    expect(Object.keys(r).sort()).toEqual(['date', 'id', 'sealed', 'session']);
    const stored = records.find((s) => s.x === r.sealed);
    expect(stored, 'the stored sealed text, unchanged').toBeTruthy();
  }
  expect(bundleText).not.toContain(PASSPHRASE);
  expect(bundleText).not.toContain(file.secret);
  expect(bundle.sessions[0].seal).toBe(file.public);

  // Results: sealed until the passphrase; a wrong one is refused and changes nothing.
  await page.getByRole('button', { name: 'Open results' }).click();
  await expect(page.getByRole('heading', { name: "This session's answers are sealed" })).toBeVisible();
  // Nothing to print or download while the answers are closed.
  await expect(page.getByRole('button', { name: 'Print (A4)' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Download outcomes CSV' })).toBeDisabled();
  await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
  await page.getByRole('button', { name: 'Open the answers' }).click();
  await expect(page.getByText(/That passphrase does not open this session's answers/)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Open the answers' }).click();
  await expect(page.getByRole('heading', { name: "This session's answers are sealed" })).toHaveCount(0);
  await page.locator('#results-k').fill('5');
  await page.locator('#results-k').dispatchEvent('change');
  await expect(page.getByTestId('summary-n')).toHaveText('5 responses');
  const here = readFileSync((await new Results(page).download('Download outcomes CSV', dir)).file, 'utf8');

  // Another device (its own browser profile) imports the file with no key at all; the answers
  // stay sealed there until the recovery file opens them, to the same numbers.
  const other = await browser.newContext({ baseURL });
  const c = await other.newPage();
  await c.goto('/');
  await c.getByRole('button', { name: 'Results' }).click();
  await c.getByLabel('New PIN', { exact: true }).fill(PIN);
  await c.getByLabel('Type the new PIN again').fill(PIN);
  await c.getByRole('button', { name: 'Unlock' }).click();
  await c.getByLabel('Response files from other tablets').setInputFiles([bundleFile]);
  await c.getByRole('button', { name: 'Import 5 new responses' }).click();
  await expect(c.getByText('Imported 5 new responses from 1 file.')).toBeVisible();
  await expect(c.getByRole('heading', { name: "This session's answers are sealed" })).toBeVisible();
  await expect(c.getByText(/The key to these answers is not on this device/)).toBeVisible();
  await expect(c.getByLabel('Passphrase', { exact: true })).toHaveCount(0);
  const imported = await c.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('youth-voice');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction(db.objectStoreNames[0]).objectStore(db.objectStoreNames[0]).getAll();
      all.onsuccess = () => resolve(JSON.stringify(all.result));
      all.onerror = () => reject(all.error);
    };
  }));
  expect(imported).toContain(bundle.records[0].sealed.slice(0, 40));
  expect(imported).not.toContain('"c":');
  expect(await axeViolations(c)).toEqual([]);
  await c.getByLabel("The session's recovery file").setInputFiles(recovery);
  await expect(c.getByRole('heading', { name: "This session's answers are sealed" })).toHaveCount(0);
  await c.locator('#results-k').fill('5');
  await c.locator('#results-k').dispatchEvent('change');
  await expect(c.getByTestId('summary-n')).toHaveText('5 responses');
  const there = readFileSync((await new Results(c).download('Download outcomes CSV', info.outputDir)).file, 'utf8');
  expect(there).toBe(here);
  await other.close();

  // Keys live in memory only: after a reload the answers are sealed again, and the recovery
  // file opens them.
  await page.reload();
  await new Results(page).openFromKiosk(PIN);
  await expect(page.getByRole('heading', { name: "This session's answers are sealed" })).toBeVisible();
  await page.getByLabel("Or choose the session's recovery file").setInputFiles(recovery);
  await expect(page.getByRole('heading', { name: "This session's answers are sealed" })).toHaveCount(0);
  await page.locator('#results-k').fill('5');
  await page.locator('#results-k').dispatchEvent('change');
  await expect(page.getByTestId('summary-n')).toHaveText('5 responses');
});

test('setting up a sealed session: passphrase twice, recovery file kept, said plainly; the form passes axe-core', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await page.getByLabel('Group').fill('Year 6, Test School');
  await page.getByLabel('New facilitator PIN').fill(PIN);
  await page.getByLabel('Type the PIN again').fill(PIN);
  await page.getByLabel('Seal the answers').check();
  await expect(page.getByText(/both lost, nobody can read this session's answers/)).toBeVisible();
  const start = page.getByRole('button', { name: 'Start kiosk mode' });
  await page.getByLabel('Passphrase for the results').fill('short');
  await start.click();
  await expect(page.getByRole('alert').filter({ hasText: /at least 10 characters/ })).toBeVisible();
  await page.getByLabel('Passphrase for the results').fill(PASSPHRASE);
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE + '!');
  await start.click();
  await expect(page.getByRole('alert').filter({ hasText: /not the same/ })).toBeVisible();
  await page.getByLabel('Type the passphrase again').fill(PASSPHRASE);
  await start.click();
  await expect(page.getByRole('alert').filter({ hasText: /Download the recovery file first/ })).toBeVisible();
  await expect(page.getByLabel(/I have kept the recovery file/)).toBeDisabled();
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the recovery file' }).click()]);
  await start.click();
  await expect(page.getByRole('alert').filter({ hasText: /Tick that you have kept the recovery file/ })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  // Nothing was started or stored by the refused attempts, not even the new PIN.
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => /^yv:(session|key|active|kiosk|pin)/.test(k)));
  expect(keys).toEqual([]);
  await page.getByLabel(/I have kept the recovery file/).check();
  await start.click();
  await expect(new Pupil(page).welcome).toBeVisible();
});

test('sessions are not read together while a sealed session of their survey is still closed', async ({ page }) => {
  test.setTimeout(90_000);
  const facilitator = new Facilitator(page);
  const end = async () => {
    await facilitator.unlock(PIN);
    await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
    await expect(page.getByRole('button', { name: 'Start a survey session' })).toBeVisible();
  };
  await facilitator.startSession({ group: 'Year 5, Sealed School', sealed: PASSPHRASE });
  await end();
  await facilitator.startSession({ group: 'Year 5, Oak School', newPin: false });
  await end();
  await facilitator.startSession({ group: 'Year 5, Elm School', newPin: false });
  await new Results(page).openFromKiosk(PIN);
  const elm = await page.locator('#results-session option', { hasText: 'Elm School' }).getAttribute('value');
  await page.locator('#results-session').selectOption(elm);
  await page.getByRole('checkbox', { name: /Oak School/ }).check();
  // Oak and Elm are open, but the sealed school would be left out of the subtraction check.
  const refused = page.getByRole('alert').filter({ hasText: 'cannot be read together' });
  await expect(refused).toContainText('Year 5, Sealed School');
  await expect(refused).toContainText('is a sealed session of this survey whose answers are not open');
  // Once its answers are open, the sessions are read together.
  const sealed = await page.locator('#results-session option', { hasText: 'Sealed School' }).getAttribute('value');
  await page.locator('#results-session').selectOption(sealed);
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Open the answers' }).click();
  await expect(page.getByRole('heading', { name: "This session's answers are sealed" })).toHaveCount(0);
  await page.locator('#results-session').selectOption(elm);
  await page.getByRole('checkbox', { name: /Oak School/ }).check();
  await expect(page.getByTestId('summary-group')).toHaveText('Year 5, Elm School, Year 5, Oak School');
  await expect(refused).toHaveCount(0);
});

test('a pupil\'s unfinished answers are sealed in the tab, under a key no script can read, and a reload still resumes them', async ({ page }) => {
  await new Facilitator(page).startSession({ oneTap: false });
  const pupil = new Pupil(page, { oneTap: false });
  await pupil.start();
  const kept = await inProgress(page);
  const first = page.locator('.options .option').first();
  await first.click();
  await expect.poll(() => inProgress(page)).not.toBe(kept);
  // All the tab keeps is ciphertext: no JSON, no question or answer id.
  const draft = await inProgress(page);
  expect(draft).toMatch(/^sealed:[A-Za-z0-9_-]+$/);
  const survey = JSON.parse(await page.evaluate(() => localStorage.getItem('yv:kiosk-survey')));
  const firstQuestion = survey.sections[0].questions[0].id;
  expect(draft).not.toContain(firstQuestion);
  const tab = await page.evaluate(() => Object.keys(sessionStorage).map((k) => `${k}=${sessionStorage.getItem(k)}`).join('\n'));
  expect(tab).not.toContain('"flow"');
  expect(tab).not.toContain(firstQuestion);
  // The key: the browser's own, AES-GCM, not extractable.
  const key = await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('youth-voice');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('chunks').objectStore('chunks').get('k/drafts');
      get.onsuccess = () => resolve({ type: String(get.result), extractable: get.result.extractable, name: get.result.algorithm.name, usages: get.result.usages });
      get.onerror = () => reject(get.error);
    };
  }));
  expect(key).toEqual({ type: '[object CryptoKey]', extractable: false, name: 'AES-GCM', usages: ['encrypt', 'decrypt'] });
  // A reload opens it again: the same pupil, the same question, the same answer chosen.
  const where = await pupil.position();
  await page.reload();
  await expect(page.locator('.progress label')).toHaveText(where);
  await expect(page.locator('.options input:checked')).toHaveCount(1);
  await expect(page.locator('.options .option').first().locator('input')).toBeChecked();
  // A draft sealed under another key (the browser's storage was cleared) is dropped, never shown.
  await page.evaluate(() => sessionStorage.setItem('yv:in-progress', 'sealed:' + 'A'.repeat(80)));
  await page.reload();
  await expect(pupil.welcome).toBeVisible();
  expect(await inProgress(page)).toBeNull();
});
