// `make bench`: how the results dashboard behaves with a large session on this machine.
// Seeds N synthetic secondary responses, opens the results, and reports the time to show them
// and every main-thread task over 50 ms (PerformanceObserver "longtask"). Prints figures only;
// the targets are in BENCHMARKS.md.
import { serveAndLaunch } from './serve.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Facilitator, PIN } from '../e2e/pages/kiosk.mjs';
import { randomAnswers, rng, seedResponses, survey } from '../e2e/pages/results.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = 8097;
const sizes = (process.env.BENCH_SESSIONS || '500,3000').split(',').map(Number);

const { browser, done } = await serveAndLaunch(port);
try {
  console.log('| responses | open results to table shown (ms) | tasks over 50 ms | longest task (ms) |');
  console.log('|---:|---:|---:|---:|');
  for (const n of sizes) {
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
    });
    await new Facilitator(page).startSession({ audience: /Years 7-13/, group: `Bench ${n}` });
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
    const sv = survey('secondary');
    const rand = rng(n);
    await seedResponses(page, id, 'secondary', Array.from({ length: n }, () => randomAnswers(sv, rand)));
    await page.reload();
    await page.getByRole('button', { name: 'For adults' }).click();
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.evaluate(() => { window.__long = []; });
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Open results' }).click();
    await page.locator('table.outcomes').first().waitFor();
    const shown = Date.now() - t0;
    await page.waitForTimeout(500); // let any trailing work finish before reading the observer
    const long = await page.evaluate(() => window.__long);
    console.log(`| ${n} | ${shown} | ${long.length} | ${long.length ? Math.round(Math.max(...long)) : 0} |`);
    await context.close();
  }
} finally {
  await done();
}
