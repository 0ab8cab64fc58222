// `make bench`: sealing a pupil's response on the tablet (issue 13). A sealed secondary session
// (set up through the app, as a facilitator does); pupils answer every question and send, with
// Chromium's CPU slowed 4x (CDP Emulation.setCPUThrottlingRate). The app notes each save as the
// user-timing entry "yv:seal-and-save" (src/ui/pupil/pupil_screen.rs): the whole path from the
// pupil's Send to a stored, read-back record: the answers encoded and sealed (the kiosk's sealer
// is made just after its first screen), written to localStorage and read back. Also the
// bytes each stored sealed record takes (key and value, UTF-16 as browsers count them).
//
//   PATH=$PWD/node_modules/.bin:$PATH node tests/bench/seal.mjs
import { serveAndLaunch } from './serve.mjs';
import { expect } from '@playwright/test';
import { Facilitator, Pupil } from '../e2e/pages/kiosk.mjs';

const port = Number(process.env.BENCH_PORT || 8097);
const PUPILS = Number(process.env.BENCH_PUPILS || 6);

const { browser, done } = await serveAndLaunch(port);
try {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}`, viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: 'Year 9, seal bench', sealed: 'bench passphrase 1' });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const pupil = new Pupil(page);
  for (let i = 0; i < PUPILS; i++) {
    await expect(pupil.welcome).toBeVisible();
    await pupil.start();
    await pupil.answerAllByTouch();
    await pupil.send();
    await expect(pupil.thanks).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const times = await page.evaluate(() => performance.getEntriesByName('yv:seal-and-save').map((e) => e.duration));
  const records = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yv:r:')).map((k) => 2 * (k.length + localStorage.getItem(k).length)));
  if (times.length !== PUPILS || records.length !== PUPILS) throw new Error(`expected ${PUPILS} saves, found ${times.length} timings and ${records.length} records`);
  const rest = times.slice(1).sort((a, b) => a - b);
  const median = rest[Math.floor(rest.length / 2)];
  const bytes = records.reduce((a, b) => a + b, 0) / records.length;
  console.log(`BENCH seal-and-save (4x CPU throttle): first ${times[0].toFixed(2)} ms (code run for the first time), then median ${median.toFixed(2)} ms, max ${Math.max(...rest).toFixed(2)} ms over ${rest.length}; a stored sealed record ${Math.round(bytes)} bytes as browsers count (${Math.round(bytes / 2)} characters)`);
  await context.close();
} finally {
  await done();
}
