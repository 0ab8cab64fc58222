// `make bench`: one tap per answer on a pupil's tablet. A secondary session (tablet portrait,
// 768x1024); a pupil taps the first answer of 15 single-choice questions in a row (one tap per
// answer, the session default), with Chromium's CPU slowed 4x (CDP
// Emulation.setCPUThrottlingRate), then again on a fresh session at full speed.
//
//   PATH=$PWD/node_modules/.bin:$PATH node tests/bench/pupil.mjs     (BENCH_VERBOSE=1: every tap)
//
// The app waits 450 ms on purpose after a tap before moving on (ADVANCE_MS,
// src/ui/pupil/state.rs), so the work on either side of that pause is timed apart, in the page
// (performance.now() clock):
//   (a) from the tap (the time stamp of a pointerdown, seen by a capturing listener on document)
//       until the tapped label has class "chosen" (MutationObserver), and the frame drawing it;
//   (b) from the end of the pause (the app's 450 ms timer callback starting: the page's
//       setTimeout is wrapped to note it) until the next question's heading (#question-text)
//       is in the page (MutationObserver), and the frame drawing it;
//   and the whole path, tap to next question drawn, with the pause.
// "The frame drawing it" is the first requestAnimationFrame callback after the change (that
// frame's style, layout and paint follow); a second rAF, an upper bound up to one frame late,
// is shown too. Chromium's Event Timing entries for the tap's click (tap to next frame presented,
// 8 ms steps, only from 16 ms) are counted as a cross-check. Prints one BENCH line, then the
// details; the target and what the figures mean are in BENCHMARKS.md ("Pupil taps (issue 11)").
import { serveAndLaunch } from './serve.mjs';
import { expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Facilitator, Pupil } from '../e2e/pages/kiosk.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.BENCH_PORT || 8096);
const TAPS = Number(process.env.BENCH_TAPS || 15);
const ADVANCE_MS = 450; // src/ui/pupil/state.rs

function instrument(advanceMs) {
  // The frame that draws a change: the first requestAnimationFrame callback after it (that
  // frame's style, layout and paint follow in the same frame). Two rAFs: the frame after that
  // one has begun, so the change has certainly been painted (up to one frame late).
  const frames = (cb1, cb2) => requestAnimationFrame(() => {
    cb1(performance.now());
    requestAnimationFrame(() => cb2(performance.now()));
  });
  window.__rec = null;
  window.__events = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      window.__events.push({ name: e.name, start: e.startTime, duration: e.duration, interactionId: e.interactionId });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  // The app's pause before moving on is a 450 ms setTimeout: note when its callback starts.
  const setTimeoutBefore = window.setTimeout;
  window.setTimeout = function (fn, ms, ...rest) {
    if (ms === advanceMs && typeof fn === 'function' && window.__rec) {
      const rec = window.__rec;
      const inner = fn;
      fn = function (...args) { if (!rec.fired) rec.fired = performance.now(); return inner.apply(this, args); };
    }
    return setTimeoutBefore.call(this, fn, ms, ...rest);
  };
  document.addEventListener('pointerup', (e) => { if (window.__rec && !window.__rec.up) window.__rec.up = e.timeStamp; }, true);
  document.addEventListener('click', (e) => { if (window.__rec && !window.__rec.click) window.__rec.click = e.timeStamp; }, true);
  document.addEventListener('pointerdown', (e) => {
    const label = e.target instanceof Element ? e.target.closest('.option') : null;
    if (!label) return;
    const heading = document.getElementById('question-text');
    // The tap's own time stamp (when the browser received it), and when this listener ran.
    const rec = { down: e.timeStamp, downListener: performance.now(), text: heading ? heading.textContent : '' };
    window.__rec = rec;
    const check = () => {
      const now = performance.now();
      if (!rec.chosen && label.classList.contains('chosen')) {
        rec.chosen = now;
        frames((t) => { rec.chosenFrame = t; }, (t) => { rec.chosenRaf2 = t; });
      }
      const next = document.querySelector('.question-nav button.next');
      const advancing = !!next && next.classList.contains('advancing');
      if (advancing && !rec.advOn) rec.advOn = now;
      if (!advancing && rec.advOn && !rec.advOff) rec.advOff = now;
      const h = document.getElementById('question-text');
      if (!rec.shown && h && h.textContent !== rec.text) {
        rec.shown = now;
        frames((t) => { rec.shownFrame = t; }, (t) => { rec.shownRaf2 = t; rec.done = true; mo.disconnect(); });
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class'] });
  }, true);
}

async function run(browser, rate) {
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}`, viewport: { width: 768, height: 1024 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(instrument, ADVANCE_MS);
    await new Facilitator(page).startSession({ audience: /Years 7-13/, group: 'Year 9, bench' });
    const pupil = new Pupil(page);
    await pupil.start();
    expect(await pupil.screen()).toBe('question');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.evaluate(() => { window.__events = []; });
    const recs = [];
    while (recs.length < TAPS) {
      expect(await pupil.screen()).toBe('question');
      const text = await pupil.question.textContent();
      if (await page.locator('.options .option input[type=radio]').count() === 0) {
        throw new Error(`"${text}" is not a single-choice question`);
      }
      await page.evaluate(() => { window.__rec = null; });
      await pupil.tap(0);
      await page.waitForFunction(() => window.__rec && window.__rec.done && window.__rec.chosenRaf2);
      // eslint-disable-next-line no-loop-func
      recs.push(await page.evaluate(() => { const { text, ...r } = window.__rec; return r; }));
      await expect(pupil.question).not.toHaveText(text);
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const events = await page.evaluate(() => window.__events);
    return { recs, events };
  } finally {
    await context.close();
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ms = (x) => `${x.toFixed(1)} ms`;
const stat = (xs) => `median ${ms(median(xs))}, max ${ms(Math.max(...xs))}`;

/** The figures of one run: a short summary for the BENCH line, and the details. */
function figures(label, { recs, events }) {
  // Chromium's Event Timing entry for each tap's click: from the click (the tap released, when
  // the answer is chosen) to the next frame presented. Reported only from 16 ms (8 ms steps).
  const clickPaint = recs.map((r) => events.find((e) => e.name === 'click' && Math.abs(e.start - r.click) < 0.5)?.duration ?? null);
  const slow = clickPaint.filter((d) => d !== null && d > 16);
  const col = (f) => recs.map(f);
  const summary = `${label}: (a) tap to answer marked ${stat(col((r) => r.chosenFrame - r.down))}, `
    + `(b) end of pause to next question ${stat(col((r) => r.shownFrame - r.fired))}`;
  const details = `  ${label}: (a) tap to answer marked: in the page ${stat(col((r) => r.chosen - r.down))}, `
    + `first frame drawing it ${stat(col((r) => r.chosenFrame - r.down))}, second rAF ${stat(col((r) => r.chosenRaf2 - r.down))}, `
    + `Event Timing click to next paint ${slow.length} of ${recs.length} over 16 ms${slow.length ? ` (longest ${Math.max(...slow)} ms)` : ''}; `
    + `(b) end of the ${ADVANCE_MS} ms pause to next question: in the page ${stat(col((r) => r.shown - r.fired))}, `
    + `first frame drawing it ${stat(col((r) => r.shownFrame - r.fired))}, second rAF ${stat(col((r) => r.shownRaf2 - r.fired))}; `
    + `the pause (click to its timer) ${stat(col((r) => r.fired - r.click))}; `
    + `tap to next question drawn, pause included, ${stat(col((r) => r.shownFrame - r.down))}`;
  if (process.env.BENCH_VERBOSE) {
    recs.forEach((r, i) => console.log(JSON.stringify({ ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? Math.round((v - r.down) * 10) / 10 : v])), eventTiming: clickPaint[i] })));
  }
  return { summary, details };
}

const { browser, done } = await serveAndLaunch(port);
try {
  const slowed = figures('4x CPU throttle', await run(browser, 4));
  const full = figures('no throttle', await run(browser, 1));
  console.log(`BENCH pupil taps, ${TAPS} on single-choice questions (secondary, 768x1024), to the first frame drawing the change, `
    + `the ${ADVANCE_MS} ms pause excluded: ${slowed.summary}; ${full.summary}`);
  console.log(slowed.details);
  console.log(full.details);
} finally {
  await done();
}
