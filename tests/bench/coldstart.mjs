// `make bench`, issue 12: cold start of Youth Voice against SurveyJS showing the same survey.
//
// Serves dist/ (Youth Voice) and tests/bench/coldstart/surveyjs.html (SurveyJS with Youth Voice's
// secondary survey, converted now by coldstart/to-surveyjs.mjs) from a small Node server that
// gzips text files (-9) as a school's web server would, each app on its own loopback port. In one
// Chromium, each run gets a fresh browser context (fresh profile: empty HTTP cache, no service
// worker), a 4x CPU slowdown, and optionally a 4 Mbit/s, 60 ms network; it times from navigation
// start (performance.now() = 0) to the first screen being usable:
//   Youth Voice kiosk: a tablet set up for a session of the same survey (its storage holds the
//                session, as after "Start kiosk mode"; its HTTP cache is empty): the pupils'
//                app has mounted and the welcome screen's "I'm happy to start" is visible and
//                enabled. This is the pupil path of issue 12's size budget;
//   Youth Voice home: a fresh device (empty storage): the facilitator's app has mounted and
//                "Start a survey session" is visible and enabled;
//   SurveyJS:    the first question's radio buttons are visible (each option's label box drawn)
//                and enabled.
// The condition is checked in the page on every animation frame from document start, so the time
// is that of the first frame that shows it. A warm start is the second navigation in the same
// context: Youth Voice's once its service worker controls the page (files from its cache),
// SurveyJS's from the HTTP cache (every file revalidated: Cache-Control no-cache, ETag). Bytes are
// the gzip bytes of each first load (CDP Network.loadingFinished encodedDataLength, headers
// included). Prints figures only (lines starting BENCH, then a Markdown table); the targets are in
// BENCHMARKS.md.
//
// Environment: BENCH_RUNS (default 7).
import { chromium } from '@playwright/test';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zlib } from 'node:zlib';
import { toSurveyJs } from './coldstart/to-surveyjs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const runs = Number(process.env.BENCH_RUNS || 7);
const CPU_SLOWDOWN = 4;
const NETWORKS = [
  { name: 'no network throttling', conditions: null },
  { name: '4 Mbit/s, 60 ms', conditions: { offline: false, latency: 60, downloadThroughput: 4e6 / 8, uploadThroughput: 4e6 / 8 } },
];

// ------------------------------------------------------------------ the server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};
const GZIP = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.webmanifest', '.svg', '.txt']);

function entry(name, body) {
  const ext = path.extname(name);
  const tag = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { type: TYPES[ext] || 'application/octet-stream', tag, raw: body, gz: GZIP.has(ext) ? gzipSync(body, { level: zlib.Z_BEST_COMPRESSION }) : null };
}

// url path -> { type, raw, gz }, compressed once before any run so the server adds no work to a timing.
function site(files) {
  const map = new Map();
  for (const [url, body] of Object.entries(files)) map.set(url, entry(url, body));
  return map;
}

function serve(files) {
  const stats = { bytes: 0 };
  const server = createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = files.get(url === '/' ? '/index.html' : url);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const gzip = file.gz && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const body = gzip ? file.gz : file.raw;
    // A browser may keep a file but must ask whether it changed before using it again (ETag, 304).
    const etag = `"${file.tag}${gzip ? '-gz' : ''}"`;
    const headers = { 'Cache-Control': 'no-cache', ETag: etag, ...(file.gz ? { Vary: 'Accept-Encoding' } : {}) };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': file.type,
      'Content-Length': body.length,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD') { res.end(); return; }
    stats.bytes += body.length;
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, stats, origin: `http://127.0.0.1:${server.address().port}` })));
}

function walk(dir, base = dir, out = {}) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, base, out);
    else out['/' + path.relative(base, full).split(path.sep).join('/')] = readFileSync(full);
  }
  return out;
}

const dist = path.join(root, 'dist');
const youthVoiceFiles = walk(dist);
if (!youthVoiceFiles['/index.html'] || !youthVoiceFiles['/sw.js']) throw new Error('no release build in dist/: run make build first');

const secondary = JSON.parse(readFileSync(path.join(root, 'crates/core/data/surveys/secondary.json'), 'utf8'));
const model = toSurveyJs(secondary, 'en');
const firstQuestion = model.pages[0].elements[0];
const lib = (p) => readFileSync(path.join(root, 'node_modules', p));
const surveyJsFiles = {
  '/index.html': readFileSync(path.join(here, 'coldstart/surveyjs.html')),
  '/surveyjs.js': readFileSync(path.join(here, 'coldstart/surveyjs.js')),
  '/survey-model.js': Buffer.from(`window.youthVoiceSurveyModel = ${JSON.stringify(model)};\n`),
  '/lib/survey.core.min.js': lib('survey-core/survey.core.min.js'),
  '/lib/survey-js-ui.min.js': lib('survey-js-ui/survey-js-ui.min.js'),
  '/lib/survey-core.fontless.min.css': lib('survey-core/survey-core.fontless.min.css'),
};
const surveyJsVersion = JSON.parse(lib('survey-js-ui/package.json')).version;

// ------------------------------------------------------------------ the first screen, in the page

// Runs in every new document before its own scripts; polls once per animation frame and keeps the
// performance.now() of the first frame in which the first screen is usable.
function probe(app) {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  };
  const usable = {
    kiosk: () => {
      if (document.getElementById('loading')) return false;
      const start = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === "I'm happy to start");
      return !!start && shown(start) && !start.disabled && start.getAttribute('aria-disabled') !== 'true';
    },
    home: () => {
      if (document.getElementById('loading')) return false;
      const start = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Start a survey session');
      return !!start && shown(start) && !start.disabled && start.getAttribute('aria-disabled') !== 'true';
    },
    surveyjs: () => {
      const question = document.querySelector('.sd-question');
      const radios = question ? [...question.querySelectorAll('input[type=radio]')] : [];
      // SurveyJS hides the native input (1 px, clipped) and draws the option's label: that is what is tapped.
      return radios.length >= 2 && radios.every((r) => !r.disabled && r.closest('label') && shown(r.closest('label')));
    },
  }[app];
  window.__bench = { ready: null };
  const tick = () => {
    let ok = false;
    try { ok = usable(); } catch { ok = false; }
    if (ok) window.__bench.ready = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// ------------------------------------------------------------------ one load

// The machine has two cores, and the CPU slowdown itself keeps about one of them busy while a
// throttled page is open: each measurement starts only once the machine is quiet again (under 15%
// busy over a quarter of a second, for at most 10 s), so no leftover work of the last load counts.
function cpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
}
async function quiet() {
  if (process.platform !== 'linux') return;
  let a = cpu();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const b = cpu();
    if (b.total > a.total && 1 - (b.idle - a.idle) / (b.total - a.total) < 0.15) return;
    a = b;
  }
}

// The storage of a tablet set up for a session of the secondary survey, made once through the
// app itself (Start a survey session, as a facilitator does) and copied into each kiosk run.
async function kioskStorage(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + '/');
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await page.getByRole('radio', { name: /Years 7-13/ }).check();
  await page.getByLabel('Group').fill('Year 8, Bench School');
  // Sealed, as new sessions are by default (issue 13).
  await page.getByLabel('Passphrase for the results').fill('bench passphrase 1');
  await page.getByLabel('Type the passphrase again').fill('bench passphrase 1');
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the recovery file' }).click()]);
  await page.getByLabel(/I have kept the recovery file/).check();
  await page.getByLabel('New facilitator PIN').fill('482913');
  await page.getByLabel('Type the PIN again').fill('482913');
  await page.getByRole('button', { name: 'Start kiosk mode' }).click();
  await page.getByRole('button', { name: "I'm happy to start" }).waitFor();
  const entries = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yv:')).map((k) => [k, localStorage.getItem(k)]));
  await context.close();
  if (!entries.some(([k]) => k === 'yv:active')) throw new Error('the kiosk set-up left no running session');
  if (!entries.some(([k, v]) => k.startsWith('yv:session:') && JSON.parse(v).seal)) throw new Error('the kiosk set-up is not sealed');
  return entries;
}

async function visit(browser, app, origin, stats, network, seed = null) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  if (seed) await context.addInitScript((entries) => { for (const [k, v] of entries) localStorage.setItem(k, v); }, seed);
  await context.addInitScript(probe, app);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  let bytes = 0;
  const foreign = [];
  await cdp.send('Network.enable');
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  cdp.on('Network.requestWillBeSent', (e) => { if (!/^(data|blob):|^http:\/\/127\.0\.0\.1:/.test(e.request.url)) foreign.push(e.request.url); });
  const throttle = async () => {
    await quiet();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    if (network.conditions) await cdp.send('Network.emulateNetworkConditions', network.conditions);
  };
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  const measure = async () => {
    await page.goto(origin + '/', { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench && window.__bench.ready !== null, null, { polling: 100, timeout: 120_000 });
    return page.evaluate(() => ({
      ready: window.__bench.ready,
      controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
      title: document.querySelector('.sd-question .sd-question__title')?.textContent.trim() ?? null,
      radios: document.querySelectorAll('.sd-question input[type=radio]').length,
    }));
  };

  await throttle();
  stats.bytes = 0;
  const cold = await measure();
  const atReady = bytes;
  // The rest of the first load: wait until no byte has arrived for a second (at most 15 s).
  for (let last = -1, i = 0; last !== bytes && i < 15; i++) { last = bytes; await page.waitForTimeout(1000); }
  cold.fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const result = { cold, bytesAtReady: atReady, bytesFirstLoad: bytes, foreign, errors };
  result.serverBytesCold = stats.bytes; // for Youth Voice, with its service worker's precache
  // Warm start: the second navigation in the same context. Youth Voice's once its service worker
  // controls the page; SurveyJS has none, so its files come from the HTTP cache, each revalidated.
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }); // until the next measurement
  if (app !== 'surveyjs') {
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 60_000 });
    result.serverBytesCold = stats.bytes;
  }
  stats.bytes = 0;
  await throttle();
  result.warm = await measure();
  result.serverBytesWarm = stats.bytes;
  await context.close();
  if (app === 'surveyjs' && (cold.title !== firstQuestion.title || cold.radios !== firstQuestion.choices.length)) {
    throw new Error(`SurveyJS first screen is not the first question: ${JSON.stringify(cold)}`);
  }
  if (foreign.length) throw new Error(`${app} asked for files elsewhere than this machine: ${foreign.join(', ')}`);
  if (errors.length) throw new Error(`${app}: errors in the page: ${errors.join(' | ')}`);
  if (app !== 'surveyjs' && !result.warm.controlled) throw new Error('Youth Voice warm start was not served by its service worker');
  return result;
}

// ------------------------------------------------------------------ figures

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ms = (x) => `${Math.round(x)}`;
const fmt = (n) => Math.round(n).toLocaleString('en-GB');
const range = (xs) => `${ms(Math.min(...xs))}-${ms(Math.max(...xs))}`;

const xdg = process.env.XDG_CONFIG_HOME ? null : mkdtempSync(path.join(tmpdir(), 'yv-coldstart-xdg-'));
const yv = await serve(site(youthVoiceFiles));
const sj = await serve(site(surveyJsFiles));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  env: xdg ? { ...process.env, XDG_CONFIG_HOME: xdg, XDG_CACHE_HOME: xdg } : process.env,
});
const summary = [];
try {
  console.log(`BENCH coldstart: Chromium ${browser.version()}, SurveyJS ${surveyJsVersion}, ${runs} runs each, CPU ${CPU_SLOWDOWN}x slower, fresh context per run, gzip -9`);
  const seed = await kioskStorage(browser, yv.origin);
  const APPS = [
    { key: 'kiosk', label: 'youth-voice kiosk', run: (network) => visit(browser, 'kiosk', yv.origin, yv.stats, network, seed) },
    { key: 'home', label: 'youth-voice home', run: (network) => visit(browser, 'home', yv.origin, yv.stats, network) },
    { key: 'sj', label: 'surveyjs', run: (network) => visit(browser, 'surveyjs', sj.origin, sj.stats, network) },
  ];
  // One unmeasured load of each first, so the first measured run does not also pay for starting processes.
  for (const a of APPS) await a.run(NETWORKS[0]);
  for (const network of NETWORKS) {
    const got = { kiosk: [], home: [], sj: [] };
    for (let i = 1; i <= runs; i++) {
      // Rotate the order so no app always runs first.
      const order = APPS.map((_, j) => APPS[(i + j) % APPS.length]);
      for (const a of order) {
        const r = await a.run(network);
        got[a.key].push(r);
        console.log(`BENCH coldstart run ${i} ${a.label} [${network.name}]: ready ${ms(r.cold.ready)} ms, first paint ${ms(r.cold.fcp)} ms`
          + `, warm ready ${ms(r.warm.ready)} ms (service worker: ${r.warm.controlled}, ${fmt(r.serverBytesWarm)} B from the server by then)`
          + `, ${fmt(r.bytesAtReady)} B by ready, ${fmt(r.bytesFirstLoad)} B first load`);
      }
    }
    const line = (label, rs, key) => {
      const xs = rs.map(key);
      console.log(`BENCH coldstart ${label} [${network.name}]: median ${ms(median(xs))} ms (range ${range(xs)}, ${xs.length} runs)`);
      return xs;
    };
    const cold = {}, warm = {};
    for (const a of APPS) {
      cold[a.key] = line(`${a.label} cold`, got[a.key], (r) => r.cold.ready);
      warm[a.key] = line(`${a.label} warm (${a.key === 'sj' ? 'HTTP cache, revalidated' : 'service worker'})`, got[a.key], (r) => r.warm.ready);
      line(`${a.label} first contentful paint`, got[a.key], (r) => r.cold.fcp);
    }
    const ratio = (a, b) => median(a) / median(b);
    const verdict = (x) => `${x.toFixed(2)} (target at most 0.50: ${x <= 0.5 ? 'met' : 'NOT met'})`;
    console.log(`BENCH coldstart ratio kiosk/surveyjs cold [${network.name}]: ${verdict(ratio(cold.kiosk, cold.sj))}`);
    console.log(`BENCH coldstart ratio home/surveyjs cold [${network.name}]: ${ratio(cold.home, cold.sj).toFixed(2)}`);
    console.log(`BENCH coldstart ratio kiosk warm/surveyjs warm [${network.name}]: ${ratio(warm.kiosk, warm.sj).toFixed(2)}`);
    summary.push({ network, cold, warm, got });
  }
  const bytes = (rs, key) => median(rs.map(key));
  const first = summary[0];
  for (const a of APPS) {
    const rs = first.got[a.key];
    console.log(`BENCH coldstart bytes ${a.label}: ${fmt(bytes(rs, (r) => r.bytesAtReady))} B by ready, ${fmt(bytes(rs, (r) => r.bytesFirstLoad))} B in the page's first load`
      + (a.key === 'sj' ? '' : `, ${fmt(bytes(rs, (r) => r.serverBytesCold))} B sent by the server with the service worker's precache`) + ' (gzip, headers included, median)');
  }

  console.log('\n| network (CPU 4x slower) | kiosk cold (pupil welcome) | home cold (facilitator) | SurveyJS cold (first question) | kiosk / SurveyJS | kiosk warm (service worker) | SurveyJS warm (HTTP cache) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const s of summary) {
    const cell = (xs) => `${ms(median(xs))} ms (${range(xs)})`;
    console.log(`| ${s.network.name} | ${cell(s.cold.kiosk)} | ${cell(s.cold.home)} | ${cell(s.cold.sj)} | ${(median(s.cold.kiosk) / median(s.cold.sj)).toFixed(2)} | ${cell(s.warm.kiosk)} | ${cell(s.warm.sj)} |`);
  }
} finally {
  await browser.close();
  for (const s of [yv.server, sj.server]) { s.closeAllConnections(); s.close(); }
  if (xdg) rmSync(xdg, { recursive: true, force: true });
}
