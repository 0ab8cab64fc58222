// `make bench`: bringing a council's returns together. One tablet's real responses file (300
// secondary responses, downloaded from the app) is copied into 200 files with fresh record ids
// and checksums (60,000 responses in all); a fresh device imports them all at once. Reports the
// time to the preview, the time to store, and every main-thread task over 50 ms
// (PerformanceObserver "longtask"). Prints figures only; the target is in BENCHMARKS.md.
import { serveAndLaunch } from './serve.mjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Facilitator, PIN } from '../e2e/pages/kiosk.mjs';
import { randomAnswers, rng, seedResponses, survey } from '../e2e/pages/results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = 8098;
const FILES = Number(process.env.BENCH_FILES || 200);
const PER_FILE = 300;
const dir = mkdtempSync(path.join(tmpdir(), 'yv-import-'));

const { browser, done } = await serveAndLaunch(port);
try {
  // One tablet's responses file, made by the app.
  const tablet = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const a = await tablet.newPage();
  await new Facilitator(a).startSession({ audience: /Years 7-13/, group: 'Council bench' });
  const id = await a.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  const sv = survey('secondary');
  const rand = rng(60000);
  await seedResponses(a, id, 'secondary', Array.from({ length: PER_FILE }, () => randomAnswers(sv, rand)));
  await a.reload();
  await new Facilitator(a).unlock();
  const [dl] = await Promise.all([a.waitForEvent('download'), a.getByRole('button', { name: "Download this tablet's responses" }).click()]);
  const original = path.join(dir, 'original.json');
  await dl.saveAs(original);
  await tablet.close();
  const bundle = JSON.parse(readFileSync(original, 'utf8'));

  // 200 schools' worth: the same answers under fresh ids, each file with its own checksum.
  const files = [];
  for (let f = 0; f < FILES; f++) {
    const records = bundle.records.map((r, i) => ({ ...r, id: `s${f}-r${i}` }));
    const checksum = createHash('sha256').update(JSON.stringify(records)).digest('hex');
    const file = path.join(dir, `school-${f}.json`);
    writeFileSync(file, JSON.stringify({ ...bundle, records, record_count: records.length, checksum }));
    files.push(file);
  }
  const total = FILES * bundle.records.length;

  const council = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const c = await council.newPage();
  await c.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
  await c.goto('/');
  await c.getByRole('button', { name: 'Results' }).click();
  await c.getByLabel('New PIN', { exact: true }).fill(PIN);
  await c.getByLabel('Type the new PIN again').fill(PIN);
  await c.getByRole('button', { name: 'Unlock' }).click();
  await c.getByText('There are no sessions on this device yet').waitFor();
  await c.evaluate(() => { window.__long = []; });
  const t0 = Date.now();
  await c.getByLabel('Response files from other tablets').setInputFiles(files);
  await c.getByRole('button', { name: `Import ${total} new responses` }).waitFor({ timeout: 120_000 });
  const preview = Date.now() - t0;
  const longPreview = await c.evaluate(() => window.__long.splice(0));
  const t1 = Date.now();
  await c.getByRole('button', { name: `Import ${total} new responses` }).click();
  await c.getByText(`Imported ${total} new responses from ${FILES} files.`).waitFor({ timeout: 120_000 });
  // The whole path: until the results of all of them are on screen.
  await c.getByTestId('summary-n').filter({ hasText: `${total} responses` }).waitFor({ timeout: 120_000 });
  await c.locator('table.outcomes').first().waitFor();
  const stored = Date.now() - t1;
  // Collect the long tasks of that path (the observer reports them after they end).
  await c.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  const longStore = await c.evaluate(() => window.__long.splice(0));
  const fmt = (l) => `${l.length} (longest ${l.length ? Math.round(Math.max(...l)) : 0} ms)`;
  console.log(`BENCH import of ${FILES} files, ${total} responses: preview ${preview} ms, tasks over 50 ms ${fmt(longPreview)}; store and show results ${stored} ms, tasks over 50 ms ${fmt(longStore)}; total ${preview + stored} ms`);
  await council.close();
} finally {
  await done();
}
