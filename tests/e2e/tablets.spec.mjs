// Many tablets, one picture: a facilitator shares a session as a pack, a second tablet (its own
// browser profile) joins it, pupils answer on both, each tablet downloads its responses, and a
// third device brings them together. The dashboard and the CSV then equal an independent count
// over every response, and importing the same files again changes nothing.
import { test, expect, axeViolations } from './fixtures.mjs';
import { Facilitator, Pupil, PIN, storedResponses } from './pages/kiosk.mjs';
import { Results, framework, randomAnswers, readCsv, reckonIndicators, rng, seedResponses, survey } from './pages/results.mjs';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';

const K = 10;
const GROUP = 'Year 8, Ridgeway School';

async function download(page, name, dir) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name }).click()]);
  const file = path.join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

/** A second device: its own browser profile, with no request leaving the origin. */
async function device(browser, baseURL) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const offOrigin = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== new URL(baseURL).origin) offOrigin.push(url);
  });
  return { context, page, offOrigin };
}

async function join(page, packFile, { newPin = true } = {}) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await page.getByLabel('Session pack file').setInputFiles(packFile);
  await expect(page.getByText(`Session pack for \u201c${GROUP}\u201d`)).toBeVisible();
  if (newPin) {
    await page.getByLabel('New facilitator PIN for this tablet').fill(PIN);
    await page.getByLabel('Type the new PIN again').fill(PIN);
  } else {
    await page.getByLabel('Facilitator PIN of this tablet').fill(PIN);
  }
  await page.getByRole('button', { name: 'Join and start kiosk mode' }).click();
  await expect(page.getByRole('heading', { name: 'Have your say' })).toBeVisible();
}

test('two tablets join one session from a pack; a third device merges their responses once', async ({ page, watched, browser, baseURL }, info) => {
  test.setTimeout(180_000);
  const sv = survey('secondary');
  const rand = rng(2026);

  // Tablet A: the facilitator sets up the session and shares it.
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: GROUP });
  const sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await new Facilitator(page).unlock();
  const pack = await download(page, 'Download session pack', info.outputDir);
  expect(pack.name).toMatch(/^youth-voice-session-year-8-ridgeway-school-\d{4}-\d\d-\d\d\.json$/);

  // Tablet B joins from the pack and runs the same session.
  const b = await device(browser, baseURL);
  await join(b.page, pack.file);
  expect(await b.page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')))).toBe(sessionId);

  // Pupils answer on both tablets: one by touch on B, the rest stored as the kiosk stores them.
  const pupilB = new Pupil(b.page);
  await pupilB.start();
  await pupilB.answerAllByTouch();
  await pupilB.send();
  await expect(pupilB.thanks).toBeVisible();
  await seedResponses(page, sessionId, 'secondary', Array.from({ length: 13 }, () => randomAnswers(sv, rand)));
  await seedResponses(b.page, sessionId, 'secondary', Array.from({ length: 8 }, () => randomAnswers(sv, rand)));
  await page.reload();
  await b.page.reload();

  // Each tablet sends its responses back.
  await new Facilitator(page).unlock();
  const fromA = await download(page, "Download this tablet's responses", info.outputDir);
  await new Facilitator(b.page).unlock();
  const fromB = await download(b.page, "Download this tablet's responses", info.outputDir);
  expect(fromA.name).toMatch(/^youth-voice-bundle-year-8-ridgeway-school-\d{4}-\d\d-\d\d\.json$/);
  // A bundle holds anonymous records: no device id, no time of day.
  const bundle = JSON.parse(readFileSync(fromA.file, 'utf8'));
  expect(bundle.record_count).toBe(13);
  expect(JSON.stringify(bundle)).not.toMatch(/T\d\d:\d\d|device/i);
  const all = [...await storedResponses(page), ...await storedResponses(b.page)];
  expect(all.length).toBe(22);

  // Device C: the facilitator's own laptop, which never ran a session. Results asks it to set a
  // PIN first; then it imports both files.
  const c = await device(browser, baseURL);
  await c.page.goto('/');
  await c.page.getByRole('button', { name: 'Results' }).click();
  await expect(c.page.getByText('No facilitator PIN is set on this device yet')).toBeVisible();
  await c.page.getByLabel('New PIN', { exact: true }).fill(PIN);
  await c.page.getByLabel('Type the new PIN again').fill('000000');
  await c.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(c.page.getByText('The two PINs are different.')).toBeVisible();
  await c.page.getByLabel('New PIN', { exact: true }).fill(PIN);
  await c.page.getByLabel('Type the new PIN again').fill(PIN);
  await c.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(c.page.getByText('There are no sessions on this device yet')).toBeVisible();
  // A damaged copy is refused by name, and changes nothing.
  const damaged = path.join(info.outputDir, 'damaged.json');
  writeFileSync(damaged, readFileSync(fromB.file, 'utf8').replace(/"answers":"(.)/, '"answers":"x'));
  await c.page.getByLabel('Response files from other tablets').setInputFiles([fromA.file, fromB.file, damaged]);
  await expect(c.page.getByText(/damaged\.json was not imported: .*changed/)).toBeVisible();
  await c.page.getByRole('button', { name: 'Import 22 new responses' }).click();
  await expect(c.page.getByText('Imported 22 new responses from 2 files.')).toBeVisible();
  await expect(c.page.getByTestId('summary-n')).toHaveText('22 responses');
  expect(await axeViolations(c.page)).toEqual([]);

  // The dashboard and the CSV equal an independent count over every response of both tablets.
  const results = new Results(c.page);
  await results.chooseFramework('calderdale');
  const expected = reckonIndicators(framework('calderdale'), sv, all.map((r) => r.a));
  const o = readCsv((await results.download('Download outcomes CSV', info.outputDir)).file);
  let checked = 0;
  for (const [id, { base, positive }] of Object.entries(expected)) {
    const row = o.rows.find((r) => r.indicator_id === id && r.group_by === 'all');
    if (base >= K) {
      expect([row.base_n, row.positive_n], id).toEqual([String(base), String(positive)]);
      checked += 1;
    } else {
      expect(row.suppressed, id).toBe('yes');
    }
  }
  expect(checked).toBeGreaterThanOrEqual(3);

  // Imported responses live in IndexedDB (beyond localStorage's 5 MB); the device lists them.
  expect((await storedResponses(c.page)).length).toBe(0);
  const dataView = c.page.getByRole('button', { name: /^Data on this device/ });
  await dataView.click();
  const row = c.page.locator(`.data-management tr[data-session="${sessionId}"]`);
  await expect(row.locator('td.num')).toHaveText('22');

  // The same files again: nothing new, nothing changed.
  await c.page.getByLabel('Response files from other tablets').setInputFiles([fromB.file, fromA.file]);
  await expect(c.page.getByText('Nothing new to import')).toBeVisible();
  await expect(row.locator('td.num')).toHaveText('22');
  await c.page.getByRole('button', { name: 'Results', exact: true }).click();
  await expect(c.page.getByTestId('summary-n')).toHaveText('22 responses');

  // After a reload the imported responses are still there, and the combined set goes out again
  // as one file for the next level up (school to council).
  await c.page.reload();
  await c.page.getByRole('button', { name: 'Results' }).click();
  await c.page.getByLabel('PIN', { exact: true }).fill(PIN);
  await c.page.getByRole('button', { name: 'Unlock' }).click();
  await expect(c.page.getByTestId('summary-n')).toHaveText('22 responses');
  await dataView.click();
  const combined = await download(c.page, /^Responses file of \u201cYear 8, Ridgeway School\u201d$/, info.outputDir);
  expect(JSON.parse(readFileSync(combined.file, 'utf8')).record_count).toBe(22);

  expect(b.offOrigin).toEqual([]);
  expect(c.offOrigin).toEqual([]);
  await b.context.close();
  await c.context.close();
});

test('a council reads several schools together; a small school is never given away by differencing', async ({ page, watched }, info) => {
  test.setTimeout(120_000);
  const sv = survey('secondary');
  const rand = rng(60);
  const schools = [['Ridgeway School', 30], ['Oak Lane School', 6], ['Hill Top School', 7]];
  const answers = {};
  let first = true;
  for (const [group, n] of schools) {
    if (!first) {
      await page.getByRole('button', { name: 'For adults' }).click();
      await page.getByLabel('PIN', { exact: true }).fill(PIN);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
    }
    await new Facilitator(page).startSession({ audience: /Years 7-13/, group, newPin: first });
    first = false;
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
    answers[group] = Array.from({ length: n }, () => randomAnswers(sv, rand));
    await seedResponses(page, id, 'secondary', answers[group]);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Have your say' })).toBeVisible();
  }
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await results.chooseFramework('calderdale');
  const ridgeway = await page.locator('#results-session option', { hasText: 'Ridgeway School' }).getAttribute('value');
  await page.locator('#results-session').selectOption(ridgeway);
  await expect(page.getByTestId('summary-n')).toHaveText('30 responses');
  const alone = reckonIndicators(framework('calderdale'), sv, answers['Ridgeway School']);
  const shownAlone = Object.entries(alone).filter(([, { base }]) => base >= K).map(([id]) => id);
  expect(shownAlone.length).toBeGreaterThanOrEqual(3);

  // Ridgeway + Oak Lane: Oak Lane (6) hides everything on its own, so these totals less
  // Ridgeway's would be Oak Lane's. Hill Top hides them too and is not chosen: hidden.
  await page.getByRole('checkbox', { name: /Oak Lane School/ }).check();
  await expect(page.getByTestId('summary-group')).toHaveText('Ridgeway School, Oak Lane School');
  await expect(page.getByTestId('pool-missing')).toContainText('Hill Top School');
  for (const id of shownAlone) {
    await expect(page.locator(`tr[data-indicator="${id}"][data-group="all"]`).first().locator('td.num').nth(0)).toHaveText('–');
  }
  await expect(page.locator('#results-breakdown')).toBeDisabled();

  // All three: the two small schools are pooled (13 pupils), and the totals are shown.
  await page.getByRole('checkbox', { name: /Hill Top School/ }).check();
  await expect(page.getByTestId('summary-n')).toHaveText('43 responses');
  await expect(page.getByTestId('pool-missing')).toHaveCount(0);
  await expect(page.getByTestId('together-method')).toContainText('3 sessions');
  const all = [...answers['Ridgeway School'], ...answers['Oak Lane School'], ...answers['Hill Top School']];
  const expected = reckonIndicators(framework('calderdale'), sv, all);
  const o = readCsv((await results.download('Download outcomes CSV', info.outputDir)).file);
  expect(o.rows[0].session).toBe('Ridgeway School + Oak Lane School + Hill Top School');
  let shown = 0;
  for (const [id, { base, positive }] of Object.entries(expected)) {
    const row = o.rows.find((r) => r.indicator_id === id && r.group_by === 'all');
    if (row.suppressed === 'no') {
      expect([row.base_n, row.positive_n], id).toEqual([String(base), String(positive)]);
      shown += 1;
    } else {
      expect(row.base_n, id).toBe('');
    }
    if (base < K) expect(row.suppressed, id).toBe('yes');
  }
  expect(shown).toBeGreaterThanOrEqual(3);
  expect(await axeViolations(page)).toEqual([]);

  // The three schools go on to the next level up as one file.
  const file = await results.download("Download these sessions\u2019 responses file", info.outputDir);
  expect(file.name).toMatch(/^youth-voice-bundle-ridgeway-school-and-2-more-\d{4}-\d\d-\d\d\.json$/);
  const bundle = JSON.parse(readFileSync(file.file, 'utf8'));
  expect(bundle.record_count).toBe(43);
  expect(bundle.sessions.map((s) => s.group).sort()).toEqual(['Hill Top School', 'Oak Lane School', 'Ridgeway School']);
});
