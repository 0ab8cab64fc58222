// Nothing lost (issue 16): faults a school tablet really meets, end to end in Chromium. Each test
// counts the responses submitted and the records stored afterwards (straight from the browser's
// storage, not from the app), and checks what the screen says. The reload mid-survey, full
// localStorage, a corrupt record and a second tab are in kiosk.spec.mjs, results.spec.mjs and
// pupil.spec.mjs; a new version arriving under a pupil with a real service worker is in
// offline.spec.mjs. RELIABILITY.md lists every scenario and where it is tested.
import { test, expect } from './fixtures.mjs';
import { Facilitator, Pupil, PIN, storedResponses } from './pages/kiosk.mjs';
import { Results, randomAnswers, rng, seedResponses, survey } from './pages/results.mjs';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Responses stored on the device: localStorage records, and records imported into IndexedDB
 * (lines of the chunks under r/). Read with the browser's own APIs, not the app's code. */
async function stored(page) {
  return page.evaluate(async () => {
    const local = Object.keys(localStorage).filter((k) => k.startsWith('yv:r:')).length;
    const idb = await new Promise((resolve) => {
      if (!window.indexedDB) { resolve(0); return; }
      const req = indexedDB.open('youth-voice');
      req.onerror = () => resolve(0);
      req.onupgradeneeded = () => { req.transaction.abort(); };
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('chunks')) { db.close(); resolve(0); return; }
        const all = db.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.bound('r/', 'r0'));
        all.onsuccess = () => { db.close(); resolve(all.result.reduce((n, c) => n + c.split('\n').filter(Boolean).length, 0)); };
        all.onerror = () => { db.close(); resolve(0); };
      };
    });
    return { local, idb, total: local + idb };
  });
}

/** One pupil from the welcome screen to thanks, skipping every question (quick). */
async function onePupil(page) {
  const pupil = new Pupil(page);
  await expect(pupil.welcome).toBeVisible();
  await pupil.start();
  await pupil.skipToEnd();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(pupil.welcome).toBeVisible();
}

/** A second tab of the same browser profile (same storage), as after the tablet's browser is
 * killed and reopened. */
async function reopen(context) {
  const again = await context.newPage();
  const errors = [];
  again.on('pageerror', (e) => errors.push(String(e)));
  again.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await again.goto('/');
  return { again, errors };
}

// ---------------------------------------------------------------- the tab killed

test('tab killed at the welcome screen: the responses already sent are all there, the next tab starts at welcome', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession();
  await onePupil(page);
  await onePupil(page);
  expect((await stored(page)).local).toBe(2);
  await page.close({ runBeforeUnload: false });
  const { again, errors } = await reopen(context);
  await expect(new Pupil(again).welcome).toBeVisible();
  expect((await stored(again)).local).toBe(2);
  expect(errors).toEqual([]);
});

test('tab killed mid-question: the sent responses are all there; the unfinished answers go with the tab and no one else sees them', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession({ oneTap: false });
  await onePupil(page);
  const pupil = new Pupil(page, { oneTap: false });
  await pupil.start();
  await page.locator('.options .option').first().click();
  await pupil.next();
  await page.locator('.options .option, .rating .option').first().click();
  await page.close({ runBeforeUnload: false });
  const { again, errors } = await reopen(context);
  const next = new Pupil(again, { oneTap: false });
  await expect(next.welcome).toBeVisible();
  expect((await stored(again)).local).toBe(1);
  await next.start();
  await expect(again.locator('.progress label')).toHaveText(/^Question 1 of/);
  await expect(again.locator('.options input:checked')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('tab killed the moment Save is pressed, before thanks: the response is stored', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.answerAllByTouch();
  // The save is synchronous in the click's own handler: close the tab straight after it.
  await page.getByRole('button', { name: 'Save my answers' }).click({ noWaitAfter: true });
  await page.close({ runBeforeUnload: false });
  const { again, errors } = await reopen(context);
  await expect(new Pupil(again).welcome).toBeVisible();
  const records = await storedResponses(again);
  expect(records).toHaveLength(1);
  expect(Object.keys(records[0].a).length).toBeGreaterThanOrEqual(12);
  expect(errors).toEqual([]);
});

test('a sealed session: tab killed at Save, the sealed response is stored', async ({ page, context }, info) => {
  await new Facilitator(page).startSession({ sealed: 'blue kettle over the hill', recoveryTo: path.join(info.outputDir, 'recovery.json') });
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.skipToEnd();
  await page.getByRole('button', { name: 'Save my answers' }).click({ noWaitAfter: true });
  await page.close({ runBeforeUnload: false });
  const { again } = await reopen(context);
  await expect(new Pupil(again).welcome).toBeVisible();
  const raw = await again.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yv:r:')).map((k) => JSON.parse(localStorage.getItem(k))));
  expect(raw).toHaveLength(1);
  expect(raw[0].v).toBe(3);
});

// ---------------------------------------------------------------- storage refusing

test('localStorage throwing on read (not full): the pupil is told to fetch an adult, then it saves once, not twice', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  await onePupil(page);
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.skipToEnd();
  await page.evaluate(() => {
    window.__getItem = Storage.prototype.getItem;
    Storage.prototype.getItem = function () { throw new DOMException('The operation is insecure.', 'SecurityError'); };
  });
  await pupil.send();
  await expect(page.getByRole('heading', { name: 'Please tell your teacher' })).toBeVisible();
  await expect(page.locator('.for-adults')).toContainText('SecurityError');
  await page.evaluate(() => { Storage.prototype.getItem = window.__getItem; });
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(pupil.thanks).toBeVisible();
  // The first attempt's write and the retry are the same record (one id): two pupils, two records.
  expect((await stored(page)).local).toBe(2);
});

test('localStorage throwing on every call at start: the app says storage is refused instead of failing silently', async ({ page, watched }) => {
  await page.addInitScript(() => {
    const refuse = () => { throw new DOMException('Access is denied for this document.', 'SecurityError'); };
    Object.defineProperty(window, 'localStorage', { get: refuse, configurable: true });
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await expect(page.getByText(/not letting Youth Voice store answers/)).toBeVisible();
});

test('a save whose read-back failed, then a reload: the response is stored once, not twice', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  await onePupil(page);
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.skipToEnd();
  // The write goes through but reading it back throws: the save is reported as failed.
  await page.evaluate(() => {
    const get = Storage.prototype.getItem;
    const set = Storage.prototype.setItem;
    let written = null;
    Storage.prototype.setItem = function (k, v) {
      if (this === localStorage && String(k).startsWith('yv:r:')) written = String(k);
      return set.call(this, k, v);
    };
    Storage.prototype.getItem = function (k) {
      if (this === localStorage && String(k) === written) throw new DOMException('The operation is insecure.', 'SecurityError');
      return get.call(this, k);
    };
  });
  await pupil.send();
  await expect(page.getByRole('heading', { name: 'Please tell your teacher' })).toBeVisible();
  // Let the tab keep the finished answers (sealed, in the background), then reload: the kiosk
  // resumes the failed save and stores it.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Please tell your teacher' })).toBeVisible();
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(pupil.thanks).toBeVisible();
  expect((await stored(page)).local).toBe(2);
});

// ---------------------------------------------------------------- two tabs at once

test('two tabs saving at the same moment, three times: six records, six ids', async ({ page, context, watched }) => {
  test.setTimeout(90_000);
  await new Facilitator(page).startSession();
  const other = await context.newPage();
  await other.goto('/');
  const tabs = [new Pupil(page), new Pupil(other)];
  for (let round = 0; round < 3; round += 1) {
    for (const p of tabs) {
      // A tab in the background gets no animation frames: bring each to the front to answer.
      await p.page.bringToFront();
      await expect(p.welcome).toBeVisible();
      await p.start();
      await p.skipToEnd();
    }
    // Both saves started in the same moment, without waiting for either tab to be in front.
    await Promise.all(tabs.map((p) => p.page.getByRole('button', { name: 'Save my answers' }).evaluate((b) => b.click())));
    for (const p of tabs) {
      await p.page.bringToFront();
      await expect(p.thanks).toBeVisible();
      await p.page.getByRole('button', { name: 'Done' }).click();
    }
  }
  const records = await storedResponses(page);
  expect(records).toHaveLength(6);
  expect(new Set(records.map((r) => r.id)).size).toBe(6);
  await other.close();
});

// ---------------------------------------------------------------- the device clock wrong

for (const [what, when] of [['far in the future (31 December 2099, 23:59:50)', '2099-12-31T23:59:50'], ['far in the past (2 January 1970)', '1970-01-02T00:00:05']]) {
  test(`the clock ${what}: responses are stored with a date only, none lost`, async ({ page, watched }) => {
    await page.clock.install({ time: new Date(when) });
    await new Facilitator(page).startSession();
    await onePupil(page);
    await onePupil(page);
    const records = await storedResponses(page);
    expect(records).toHaveLength(2);
    for (const r of records) expect(r.d).toMatch(/^(2099-12-31|2100-01-01|1970-01-02)$/);
    await new Facilitator(page).unlock();
    await expect(page.getByText('2 responses stored')).toBeVisible();
  });
}

test('the clock changed mid-session (back five years, then forward ten): no answer lost, dates only, counts right', async ({ page, watched }) => {
  await page.clock.install({ time: new Date('2026-11-24T10:00:00') });
  await new Facilitator(page).startSession({ oneTap: false });
  const pupil = new Pupil(page, { oneTap: false });
  await pupil.start();
  await page.locator('.options .option').first().click();
  await page.clock.setSystemTime(new Date('2021-11-24T10:00:00'));
  await page.clock.runFor(2000);
  await pupil.next();
  await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeHidden();
  // Ten years on in an instant: the idle time is measured on the page's monotonic clock, so the
  // pupil is not taken for idle and their answers are not discarded.
  await page.clock.setSystemTime(new Date('2031-11-24T10:00:00'));
  await page.clock.runFor(2000);
  await expect(pupil.question).toBeVisible();
  await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeHidden();
  await page.locator('.options .option, .rating .option').first().click();
  await pupil.skipToEnd();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  // The next pupil, under the clock put back right.
  await page.clock.setSystemTime(new Date('2026-11-24T10:05:00'));
  await onePupil(page);
  const records = await storedResponses(page);
  expect(records).toHaveLength(2);
  expect(records.map((r) => r.d).sort()).toEqual(['2026-11-24', '2031-11-24']);
  // The answer given before both clock changes is in the record.
  expect(Object.keys(records.find((r) => r.d === '2031-11-24').a)).toContain('year_group');
});

// ---------------------------------------------------------------- an app update arriving

/** Make the page believe a new version is installed and waiting, as the page script does when
 * the service worker finds one; its take-over is recorded instead of swapping workers. */
async function updateArrives(page) {
  await page.evaluate(() => {
    const u = window.youthVoiceUpdate;
    u.waiting = true;
    window.__tookOver = 0;
    u.takeOver = () => { window.__tookOver += 1; return true; };
    window.dispatchEvent(new Event('youth-voice-update'));
  });
}

test('an update arriving mid-pupil waits for them to finish; arriving between pupils it takes over at once; nothing lost', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  await onePupil(page);
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.answerOne();
  await updateArrives(page);
  await pupil.answerOne();
  expect(await page.evaluate(() => window.__tookOver)).toBe(0);
  await pupil.skipToEnd();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  expect(await page.evaluate(() => window.__tookOver)).toBe(0);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(pupil.welcome).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.__tookOver)).toBeGreaterThan(0);
  expect((await stored(page)).local).toBe(2);
  // Between pupils: a fresh page at the welcome screen takes an arriving update at once.
  await page.reload();
  await expect(pupil.welcome).toBeVisible();
  await updateArrives(page);
  await expect.poll(() => page.evaluate(() => window.__tookOver)).toBeGreaterThan(0);
  expect((await stored(page)).local).toBe(2);
});

// ---------------------------------------------------------------- files between devices

/** One tablet's responses file, made by the app: a secondary session with `n` responses. */
async function tabletFile(browser, baseURL, dir, n, group = 'Year 8, Ridgeway School') {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group });
  const sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, sessionId, 'secondary', Array.from({ length: n }, () => randomAnswers(survey('secondary'), rng(n))));
  await page.reload();
  await new Facilitator(page).unlock();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: "Download this tablet's responses" }).click()]);
  const file = path.join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  await context.close();
  return { file, sessionId, bundle: JSON.parse(readFileSync(file, 'utf8')) };
}

/** The same file with `copies` times its records under fresh ids (and its checksum made again). */
function biggerFile(from, copies, dir) {
  const records = [];
  for (let c = 0; c < copies; c += 1) from.bundle.records.forEach((r, i) => records.push({ ...r, id: `big-${c}-${i}` }));
  const checksum = createHash('sha256').update(JSON.stringify(records)).digest('hex');
  const file = path.join(dir, `big-${copies}.json`);
  writeFileSync(file, JSON.stringify({ ...from.bundle, records, record_count: records.length, checksum }));
  return { file, count: records.length };
}

/** The facilitator's results on a device that never ran a session (a PIN is set first). */
async function freshResults(page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Results' }).click();
  await page.getByLabel('New PIN', { exact: true }).fill(PIN);
  await page.getByLabel('Type the new PIN again').fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('There are no sessions on this device yet')).toBeVisible();
}

/** Results on a device with a PIN already, from its first screen. */
async function results(page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Results' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

async function importFiles(page, files, expected) {
  await page.getByLabel('Response files from other tablets').setInputFiles(files);
  await page.getByRole('button', { name: `Import ${expected} new responses` }).click({ timeout: 60_000 });
}

test('IndexedDB missing (private mode): the app says so, pupils\' answers and imports still go to localStorage', async ({ page, watched, browser, baseURL }, info) => {
  test.setTimeout(90_000);
  const from = await tabletFile(browser, baseURL, info.outputDir, 12);
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined, configurable: true }));
  await page.goto('/');
  expect(await page.evaluate(() => window.indexedDB)).toBeUndefined();
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await expect(page.locator('.no-indexeddb')).toContainText('does not let Youth Voice use its larger storage');
  await new Facilitator(page).startSession();
  await onePupil(page);
  await onePupil(page);
  expect(await stored(page)).toEqual({ local: 2, idb: 0, total: 2 });
  await new Results(page).openFromKiosk(PIN);
  await page.getByRole('button', { name: /^Data on this device/ }).click();
  await importFiles(page, [from.file], 12);
  await expect(page.getByText('Imported 12 new responses from 1 file.')).toBeVisible();
  expect(await stored(page)).toEqual({ local: 14, idb: 0, total: 14 });
});

test('IndexedDB quota exhausted during an import: nothing is imported, it says why, and it goes through once there is room', async ({ page, watched, browser, baseURL }, info) => {
  test.setTimeout(120_000);
  const from = await tabletFile(browser, baseURL, info.outputDir, 300);
  // Chromium lets small IndexedDB writes through past the quota: a council-sized file is refused.
  const big = biggerFile(from, 20, info.outputDir);
  // The site's quota cut to nothing before the app opens its database.
  const origin = new URL(baseURL).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  await freshResults(page);
  await importFiles(page, [big.file], big.count);
  await expect(page.getByText(/Nothing was imported: the device's storage for Youth Voice is full .*The responses on this device are unchanged/)).toBeVisible({ timeout: 30_000 });
  expect(await stored(page)).toEqual({ local: 0, idb: 0, total: 0 });
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await importFiles(page, [big.file], big.count);
  await expect(page.getByText(`Imported ${big.count} new responses from 1 file.`)).toBeVisible({ timeout: 30_000 });
  expect(await stored(page)).toEqual({ local: 0, idb: big.count, total: big.count });
  await expect(page.getByTestId('summary-n')).toHaveText(`${big.count} responses`);
});

test('corrupt, foreign and future-version records in localStorage, IndexedDB and the tab: the healthy ones are counted, the others named and left alone', async ({ page, watched, browser, baseURL }, info) => {
  test.setTimeout(90_000);
  const from = await tabletFile(browser, baseURL, info.outputDir, 12, 'Year 9, Ridgeway School');
  // This tablet: 12 of its own responses, then damage in every store.
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: 'Year 8, damaged data' });
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, id, 'secondary', Array.from({ length: 12 }, () => randomAnswers(survey('secondary'), rng(7))));
  await page.reload();
  await new Results(page).openFromKiosk(PIN);
  await page.getByRole('button', { name: /^Data on this device/ }).click();
  await importFiles(page, [from.file], 12);
  await expect(page.getByText('Imported 12 new responses from 1 file.')).toBeVisible();
  const damage = { local: {
    [`yv:r:${id}:future`]: JSON.stringify({ v: 999, s: 'secondary', sv: '1.0.0', d: '2026-11-24', c: '...' }),
    [`yv:r:${id}:garbage`]: '\u0000\ufffd{{{',
    [`yv:r:${id}:wrongtype`]: '[1,2,3]',
    'yv:session:damaged': JSON.stringify({ id: 'damaged', idle_seconds: -1 }),
    [`yv:exported:${id}`]: '"not a date"',
    'yv:unknown:thing': 'x',
    'someone-else:key': 'not ours',
  } };
  await page.evaluate(async ({ local, sid }) => {
    for (const [k, v] of Object.entries(local)) localStorage.setItem(k, v);
    await new Promise((resolve, reject) => {
      const req = indexedDB.open('youth-voice');
      req.onsuccess = () => {
        const tx = req.result.transaction('chunks', 'readwrite');
        const s = tx.objectStore('chunks');
        s.put('a line without a record id\nx1\t{"v":2,\nx2\t{"v":999,"s":"secondary","sv":"1.0.0","d":"2026-11-24","c":"zz"}', `r/${sid}/damaged`);
        s.put('someone else\'s data', 'zz/not-ours');
        tx.oncomplete = () => { req.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, { local: damage.local, sid: from.sessionId });
  const before = await stored(page);
  expect(before).toEqual({ local: 15, idb: 15, total: 30 });
  await page.reload();
  await expect(new Pupil(page).welcome).toBeVisible();
  await new Results(page).openFromKiosk(PIN);
  const left = page.locator('.results [role="alert"]').filter({ hasText: 'left out of these results' });
  await page.locator('#results-session').selectOption(id);
  await expect(page.getByTestId('summary-n')).toHaveText('12 responses');
  await expect(left).toContainText('newer version of Youth Voice');
  await expect(left).toContainText(`yv:r:${id}:garbage`);
  await expect(left).toContainText(`yv:r:${id}:wrongtype`);
  // The imported session, from IndexedDB: its 12 counted, the three damaged lines named.
  await page.locator('#results-session').selectOption(from.sessionId);
  await expect(page.getByTestId('summary-n')).toHaveText('12 responses');
  await expect(left).toContainText('a line without a record id');
  await expect(left).toContainText('x1');
  await expect(left).toContainText('newer version of Youth Voice');
  // The damaged session record is named, not hiding the healthy sessions.
  await expect(page.locator('#results-session option')).toHaveCount(2);
  // Nothing was removed or rewritten by reading.
  expect(await stored(page)).toEqual(before);
  expect(await page.evaluate((keys) => keys.map((k) => localStorage.getItem(k)), Object.keys(damage.local))).toEqual(Object.values(damage.local));
  // The tab's own store: a damaged unfinished-answers item is dropped, the kiosk starts clean.
  await page.evaluate(() => sessionStorage.setItem('yv:in-progress', 'sealed:not-base64!!'));
  await page.reload();
  await expect(new Pupil(page).welcome).toBeVisible();
  expect(await stored(page)).toEqual(before);
});

test('an import interrupted half-way (the tab closed while it stores): the device holds what it held before, or the whole file, never part', async ({ page, context, watched, browser, baseURL }, info) => {
  test.setTimeout(180_000);
  const from = await tabletFile(browser, baseURL, info.outputDir, 300);
  const big = biggerFile(from, 60, info.outputDir); // 18,000 responses in one file
  await freshResults(page);
  await importFiles(page, [from.file], 300);
  await expect(page.getByText('Imported 300 new responses from 1 file.')).toBeVisible();
  const before = await stored(page);
  expect(before.idb).toBe(300);
  await page.getByRole('button', { name: /^Data on this device/ }).click();
  await page.getByLabel('Response files from other tablets').setInputFiles([big.file]);
  await page.getByRole('button', { name: `Import ${big.count} new responses` }).click({ timeout: 120_000 });
  await expect(page.getByText('Storing the new responses')).toBeVisible();
  await page.close({ runBeforeUnload: false });
  const { again, errors } = await reopen(context);
  const after = await stored(again);
  // Whole or nothing: the store as before, or the whole file and nothing else.
  expect([before.idb, before.idb + big.count]).toContain(after.idb);
  // What results count equals what is stored: no response left stored but unreachable.
  await results(again);
  await expect(again.getByTestId('summary-n')).toHaveText(`${after.idb} responses`);
  // Importing the file again adds exactly what is missing.
  await again.getByRole('button', { name: /^Data on this device/ }).click();
  await again.getByLabel('Response files from other tablets').setInputFiles([big.file]);
  if (after.idb === before.idb) {
    await again.getByRole('button', { name: `Import ${big.count} new responses` }).click({ timeout: 120_000 });
    await expect(again.getByText(`Imported ${big.count} new responses from 1 file.`)).toBeVisible({ timeout: 60_000 });
  } else {
    await expect(again.getByText('Nothing new to import')).toBeVisible({ timeout: 60_000 });
  }
  expect((await stored(again)).idb).toBe(before.idb + big.count);
  expect(errors).toEqual([]);
  info.annotations.push({ type: 'interrupted import', description: `${before.idb} before, ${after.idb} after the tab was closed (${big.count} in the file)` });
});

test('a responses file download interrupted (the tab closed at once): every response still there, nothing marked exported, the warning says so', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession({ audience: /Years 7-13/ });
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, id, 'secondary', Array.from({ length: 12 }, () => randomAnswers(survey('secondary'), rng(3))));
  await page.reload();
  await new Facilitator(page).unlock();
  await expect(page.locator('.unexported')).toContainText('12 responses in 1 session on this device have never been exported');
  await page.getByRole('button', { name: "Download this tablet's responses" }).click({ noWaitAfter: true });
  await page.close({ runBeforeUnload: false });
  const { again, errors } = await reopen(context);
  await expect(new Pupil(again).welcome).toBeVisible();
  expect((await stored(again)).local).toBe(12);
  expect(await again.evaluate((sid) => localStorage.getItem(`yv:exported:${sid}`), id)).toBeNull();
  await new Results(again).openFromKiosk(PIN);
  await expect(again.getByTestId('summary-n')).toHaveText('12 responses');
  await again.getByRole('button', { name: /^Data on this device/ }).click();
  await expect(again.locator('.data-management .unexported')).toContainText('Not exported yet: 12 responses in 1 session');
  expect(errors).toEqual([]);
});

test('storage eviction: IndexedDB cleared by the browser is detected and named with how many are missing; localStorage cleared too leaves a fresh app (not detectable)', async ({ page, context, watched, browser, baseURL }, info) => {
  test.setTimeout(90_000);
  const from = await tabletFile(browser, baseURL, info.outputDir, 12);
  await new Facilitator(page).startSession({ audience: /Years 7-13/ });
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, id, 'secondary', Array.from({ length: 12 }, () => randomAnswers(survey('secondary'), rng(5))));
  await page.reload();
  await new Results(page).openFromKiosk(PIN);
  await page.getByRole('button', { name: /^Data on this device/ }).click();
  await importFiles(page, [from.file], 12);
  await expect(page.getByText('Imported 12 new responses from 1 file.')).toBeVisible();
  expect(await stored(page)).toEqual({ local: 12, idb: 12, total: 24 });
  // The browser drops the site's IndexedDB (as under storage pressure), keeping localStorage.
  const origin = new URL(baseURL).origin;
  const cdp = await context.newCDPSession(page);
  await page.goto('/');
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
  expect(await stored(page)).toEqual({ local: 12, idb: 0, total: 12 });
  await page.reload();
  await new Results(page).openFromKiosk(PIN);
  await page.locator('#results-session').selectOption(from.sessionId);
  await expect(page.locator('.results [role="alert"]')).toContainText('12 of the 12 responses imported from other tablets are missing');
  await page.locator('#results-session').selectOption(id);
  await expect(page.getByTestId('summary-n')).toHaveText('12 responses');
  // Everything dropped: the app starts as on a new device. Nothing the page can keep survives
  // this, so it cannot be told apart from a first visit (RELIABILITY.md).
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Start a survey session' })).toBeVisible();
  expect(await stored(page)).toEqual({ local: 0, idb: 0, total: 0 });
});

// ---------------------------------------------------------------- script injection and the CSP

/** Collect Content-Security-Policy violations from the very start of every page load. */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`));
  });
}

test('the policy allows only the build\'s own inline scripts (by hash, no \'unsafe-inline\'), and both apps start with no violation', async ({ page, watched }) => {
  await watchCsp(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Start a survey session' })).toBeVisible();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const scriptSrc = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).toContain("'wasm-unsafe-eval'");
  expect(scriptSrc.match(/'sha256-[A-Za-z0-9+/]+=*'/g)).toHaveLength(2);
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  await new Facilitator(page).startSession();
  await onePupil(page);
  expect(await page.evaluate(() => window.youthVoiceBoot.app)).toBe('pupil');
  expect(await page.evaluate(() => window.__csp)).toEqual([]);
  // An inline script added to the page (as an injection would) is refused by the policy.
  const refused = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true;';
    document.body.appendChild(s);
    setTimeout(() => resolve('no violation'), 3000);
  }));
  expect(refused).toBe('script-src-elem');
  expect(await page.evaluate(() => window.__ran)).toBeUndefined();
  watched.consoleErrors.splice(0, watched.consoleErrors.length, ...watched.consoleErrors.filter((e) => !e.includes('Content Security Policy')));
});

test('script in a loaded survey file (a <script> label, an <img onerror> title) is shown as text and never runs', async ({ page, watched }, info) => {
  await watchCsp(page);
  const sv = survey('primary');
  const evilTitle = 'Evil <img src=x onerror="window.__pwned=1"> survey';
  const evilText = '<script>window.__pwned=2</script>What year are you in?';
  sv.id = 'evil';
  sv.title = { en: evilTitle, pl: evilTitle, ur: evilTitle };
  sv.sections[0].questions[0].text.en = evilText;
  mkdirSync(info.outputDir, { recursive: true });
  const file = path.join(info.outputDir, 'evil.json');
  writeFileSync(file, JSON.stringify(sv));
  await page.goto('/');
  await page.getByRole('button', { name: 'Surveys and plans' }).click();
  await page.getByLabel('Survey or framework file').setInputFiles(file);
  await expect(page.getByText(evilTitle).first()).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  // Run by pupils: the question's words appear as typed, as text.
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await page.getByRole('radio', { name: /Evil <img/ }).check();
  await page.getByLabel('Group').fill('Year 5, injection test');
  await page.getByLabel('Seal the answers').uncheck();
  await page.getByLabel('New facilitator PIN').fill(PIN);
  await page.getByLabel('Type the PIN again').fill(PIN);
  await page.getByRole('button', { name: 'Start kiosk mode' }).click();
  const pupil = new Pupil(page);
  await pupil.start();
  await expect(pupil.question).toHaveText(evilText);
  expect(await page.locator('#question-text script').count()).toBe(0);
  expect(await page.evaluate(() => [window.__pwned, window.__csp])).toEqual([undefined, []]);
});

test('a survey file saved as UTF-16 or Windows-1252 is refused by name, with what to do; nothing is loaded', async ({ page, watched }, info) => {
  mkdirSync(info.outputDir, { recursive: true });
  const text = readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../crates/core/tests/fixtures/survey-valid.json'), 'utf8');
  const utf16 = path.join(info.outputDir, 'utf16.json');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const cp1252 = path.join(info.outputDir, 'cp1252.json');
  writeFileSync(cp1252, Buffer.from(text.replace(/"en": "/, '"en": "Caf\u00e9 '), 'latin1'));
  await page.goto('/');
  await page.getByRole('button', { name: 'Surveys and plans' }).click();
  const before = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yv:survey:')).length);
  await page.getByLabel('Survey or framework file').setInputFiles(utf16);
  await expect(page.locator('.file-loader [role="alert"]')).toContainText('utf16.json was not loaded');
  await expect(page.locator('.file-loader [role="alert"]')).toContainText('it looks like UTF-16');
  await page.getByLabel('Survey or framework file').setInputFiles(cp1252);
  await expect(page.locator('.file-loader [role="alert"]')).toContainText('it looks like Windows-1252');
  await expect(page.locator('.file-loader [role="alert"]')).toContainText('Save it as UTF-8');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yv:survey:')).length)).toBe(before);
});

// ---------------------------------------------------------------- a pupil trying to get out

test('a pupil cannot reach results or the controls by Back, history, the address bar, a reload, a second tab or the keyboard', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession();
  await onePupil(page);
  const pupil = new Pupil(page);
  const locked = async (p) => {
    await expect(p.getByRole('heading', { name: 'Have your say' }).or(p.getByLabel('PIN', { exact: true }))).toBeVisible();
    await expect(p.getByRole('heading', { name: 'Results', exact: true })).toHaveCount(0);
    await expect(p.getByRole('heading', { name: 'Facilitator controls' })).toHaveCount(0);
    await expect(p.getByRole('button', { name: /Open results|End session/ })).toHaveCount(0);
  };
  // Back and history: the kiosk adds no entries of its own. Back leaves the app for whatever
  // the browser showed before it (here the blank page the test began on); Forward, or any way
  // back in, is the kiosk again, never a facilitator screen.
  const length = await page.evaluate(() => history.length);
  await onePupil(page);
  expect(await page.evaluate(() => history.length)).toBe(length);
  await page.goBack();
  await page.goForward();
  await locked(page);
  expect(await page.evaluate(() => history.length)).toBe(length);
  // The address bar: any path or fragment of the app's address is the kiosk again.
  for (const address of ['/#results', '/?screen=results', '/index.html#/facilitator']) {
    await page.goto(address);
    await locked(page);
  }
  // Reload, and a second tab.
  await page.reload();
  await locked(page);
  const second = await context.newPage();
  await second.goto('/');
  await locked(second);
  await second.close();
  // For adults asks for the PIN; Back from there, or a reload, is never past it.
  await page.getByRole('button', { name: 'For adults' }).click();
  await expect(page.getByLabel('PIN', { exact: true })).toBeVisible();
  await page.goBack();
  await page.goForward();
  await locked(page);
  await page.reload();
  await locked(page);
  // The keyboard: every control Tab reaches on the welcome screen, and the keys a child might try.
  await page.goto('/');
  await expect(pupil.welcome).toBeVisible();
  const names = [];
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    names.push(await page.evaluate(() => (document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.textContent || '')).trim()));
  }
  expect(names.filter((n) => /results|controls|end session|export|delete/i.test(n))).toEqual([]);
  for (const key of ['Escape', 'Alt+ArrowLeft', 'Backspace', 'F5', 'Control+r']) await page.keyboard.press(key);
  await locked(page);
  expect((await stored(page)).local).toBe(2);
});

test('PIN brute force: each wrong PIN after the third doubles the wait (up to 15 minutes), a reload does not reset it, and nothing is ever deleted', async ({ page, watched }) => {
  test.setTimeout(90_000);
  await page.clock.install({ time: new Date('2026-11-24T10:00:00') });
  await new Facilitator(page).startSession();
  await onePupil(page);
  await onePupil(page);
  await page.getByRole('button', { name: 'For adults' }).click();
  const waits = [];
  for (let i = 0; i < 12; i += 1) {
    if (i === 6) {
      // A reload (or closing the tab) in the middle keeps the count: it is stored.
      await page.reload();
      await page.getByRole('button', { name: 'For adults' }).click().catch(() => {});
    }
    await page.getByLabel('PIN', { exact: true }).fill(String(100000 + i));
    await page.getByRole('button', { name: 'Unlock' }).click();
    const said = await page.getByRole('alert').textContent();
    const wait = Number((said.match(/Wait (\d+) seconds/) || [0, 0])[1]);
    waits.push(wait);
    await page.clock.fastForward(wait * 1000 + 1000);
  }
  expect(waits).toEqual([0, 0, 5, 10, 20, 40, 80, 160, 320, 640, 900, 900]);
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Facilitator controls' })).toBeVisible();
  await expect(page.getByText('2 responses stored')).toBeVisible();
  expect((await stored(page)).local).toBe(2);
});
