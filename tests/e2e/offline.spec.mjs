// Works offline on a school tablet: after one load the app runs with no network; the service
// worker keeps exactly the build's files; a new version never interrupts a pupil and takes over
// at the welcome screen.
import { test, expect } from './fixtures.mjs';
import { Facilitator, Pupil, PIN, storedResponses } from './pages/kiosk.mjs';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

/** Waits until the page is controlled by the app's service worker. */
async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
}

/** Every file under `dir`, relative, with "/" separators. */
function filesUnder(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

const listed = (swText) => JSON.parse(swText.match(/const FILES = (\[.*\]);/)[1]);

test('the service worker precaches exactly the files of the build', async () => {
  const sw = readFileSync(path.join(dist, 'sw.js'), 'utf8');
  // Trunk's own lock file (a dotfile) is not part of what it builds.
  const files = filesUnder(dist).filter((f) => f !== 'sw.js' && !path.basename(f).startsWith('.')).sort();
  expect(listed(sw)).toEqual(files);
  expect(files).toContain('index.html');
  expect(files.some((f) => /_bg\.wasm$/.test(f))).toBe(true);
  expect(files).toContain('manifest.webmanifest');
  expect(sw).toMatch(/const VERSION = '[0-9a-f]{16}';/);
});

test('the app is installable: a manifest with icons, a maskable one, and kiosk display', async ({ page, watched }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await (await page.request.get(href)).json();
  expect(manifest.name).toBe('Youth Voice');
  expect(['fullscreen', 'standalone']).toContain(manifest.display);
  expect(manifest.icons.some((i) => i.purpose === 'maskable' && i.sizes === '512x512')).toBe(true);
  for (const icon of manifest.icons) expect((await page.request.get(icon.src)).status()).toBe(200);
});

test("a tablet in a session loads only the pupils' app; For adults opens the facilitator's app behind the PIN", async ({ page }) => {
  await new Facilitator(page).startSession();
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.reload();
  const pupil = new Pupil(page);
  await expect(pupil.welcome).toBeVisible();
  expect(asked.filter((p) => /^\/pupil-[0-9a-f]{16}_bg\.wasm$/.test(p))).toHaveLength(1);
  expect(asked.filter((p) => /^\/content\/interface-[0-9a-f]{16}\.json$/.test(p))).toHaveLength(1);
  // No facilitator code, no built-in surveys or plans: the session's survey is kept with it.
  expect(asked.filter((p) => /facilitator|^\/content\/(?!interface-)/.test(p))).toEqual([]);

  await page.getByRole('button', { name: 'For adults' }).click();
  await expect(page.getByLabel('PIN', { exact: true })).toBeVisible();
  expect(asked.filter((p) => /^\/facilitator-[0-9a-f]{16}_bg\.wasm$/.test(p))).toHaveLength(1);
  await expect(page.getByRole('heading', { name: 'Facilitator controls' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to the survey' }).click();
  await expect(pupil.welcome).toBeVisible();
  await new Facilitator(page).unlock();
  await expect(page.getByRole('heading', { name: 'Facilitator controls' })).toBeVisible();
  await page.getByRole('button', { name: 'Back to pupil mode' }).click();
  await expect(pupil.welcome).toBeVisible();
});

test('a tablet mid-session when this version arrives (no copy of the survey kept yet) goes on with its pupils', async ({ page }) => {
  await new Facilitator(page).startSession();
  // As a session started by an earlier version: running, but without the survey's copy.
  await page.evaluate(() => localStorage.removeItem('yv:kiosk-survey'));
  await page.reload();
  const pupil = new Pupil(page);
  await expect(pupil.welcome).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('yv:kiosk-survey') !== null)).toBe(true);
  await pupil.start();
  await pupil.answerAllByTouch();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  expect(await storedResponses(page)).toHaveLength(1);
});

test('after one load, the tablet runs offline: reload, a pupil answers, the response is stored', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession();
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  const pupil = new Pupil(page);
  await expect(pupil.welcome).toBeVisible();
  await pupil.start();
  await pupil.answerAllByTouch();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  expect(await storedResponses(page)).toHaveLength(1);
  // A fresh load of the address with no network is served too.
  const again = await context.newPage();
  await again.goto('/');
  await expect(again.getByRole('heading', { name: 'Have your say' })).toBeVisible();
  await again.close();
  await context.setOffline(false);
});

test('a new version never interrupts a pupil: it waits, then takes over at the welcome screen', async ({ browser }) => {
  test.setTimeout(90_000);
  // A copy of the build on its own server, so "deploying" a new version touches only the copy.
  const dir = mkdtempSync(path.join(tmpdir(), 'yv-update-'));
  cpSync(dist, dir, { recursive: true });
  const port = Number(process.env.E2E_PORT || 8090) + 7;
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], { stdio: 'ignore' });
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  try {
    const page = await context.newPage();
    for (let i = 0; i < 50; i += 1) {
      try { await page.goto('/'); break; } catch { await new Promise((r) => setTimeout(r, 100)); }
    }
    await new Facilitator(page).startSession();
    await controlled(page);
    await page.reload();
    const first = await page.evaluate(async () => {
      while (!window.youthVoiceUpdate.running) await new Promise((r) => setTimeout(r, 50));
      return window.youthVoiceUpdate.running;
    });
    const pupil = new Pupil(page);
    await pupil.start();
    await pupil.answerOne();
    await page.evaluate(() => { window.samePage = true; });
    // Deploy: the build's service worker changes (as it does with any new file).
    const swPath = path.join(dir, 'sw.js');
    writeFileSync(swPath, readFileSync(swPath, 'utf8').replace(/const VERSION = '[0-9a-f]+'/, "const VERSION = 'f00dfeedf00dfeed'"));
    await page.evaluate(() => window.youthVoiceUpdate.check());
    await page.waitForFunction(() => window.youthVoiceUpdate.waiting === true);
    // The pupil carries on in the same page, answers intact.
    await pupil.answerOne();
    await expect(page.locator('.progress label')).toHaveText(/^Question 3 of/);
    expect(await page.evaluate(() => window.samePage)).toBe(true);
    // The facilitator is told an update is ready.
    await page.getByRole('button', { name: 'For adults' }).click();
    await page.getByLabel('PIN', { exact: true }).fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('An update is ready')).toBeVisible();
    await expect(page.getByText(`Version ${first}`)).toBeVisible();
    await page.getByRole('button', { name: 'Back to pupil mode' }).click();
    // Back with the pupil, who finishes; at the welcome screen the new version takes over.
    await expect(page.locator('.progress label')).toHaveText(/^Question 3 of/);
    await pupil.skipToEnd();
    await pupil.send();
    await expect(pupil.thanks).toBeVisible();
    expect(await storedResponses(page)).toHaveLength(1);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.waitForFunction(() => window.samePage === undefined && window.youthVoiceUpdate.running === 'f00dfeedf00dfeed');
    await expect(pupil.welcome).toBeVisible();
    expect(await storedResponses(page)).toHaveLength(1);
  } finally {
    await context.close();
    server.kill();
  }
});
