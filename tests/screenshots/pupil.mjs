// Screenshots of every pupil screen, for looking at by eye (layout, wrapping, direction, target
// sizes), in English, Polish and Urdu, at tablet portrait, tablet landscape and phone size.
//
//   PATH=$PWD/node_modules/.bin:$PATH node tests/screenshots/pupil.mjs
//
// Needs a release build in dist/ (`make build`). Writes full-page PNGs into $SHOTS_DIR (default
// /tmp/yv-shots), named {lang}-{size}-{nn}-{screen}.png, e.g. ur-phone-02-welcome-support.png.
// Each language and size runs on fresh browser contexts (fresh storage), one session for the
// primary survey (every question) and one for the secondary survey (the questions listed in
// SECONDARY below, and the bullying follow-up, which shows only after a bullied answer).
// Full-page screenshots are taken without resizing the window, so what is fixed or sticky (the
// Back / Skip / Next bar) is drawn where it sits with the page scrolled to the top, over what is
// below it, and the place it takes at the end of the page shows empty: the screenshot is what the
// pupil sees first, with the rest of the page below.
// Options: SHOTS_PORT (default 8095), SHOTS_JOBS (runs in parallel, default 3), SHOTS_LANGS
// (e.g. "ur,pl"), SHOTS_SIZES (e.g. "phone"). Prints the directory and the number of files.
import { chromium, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Facilitator, Pupil } from '../e2e/pages/kiosk.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.SHOTS_PORT || 8095);
const dir = process.env.SHOTS_DIR || '/tmp/yv-shots';
const jobs = Number(process.env.SHOTS_JOBS || 3);

const LANGS = [
  { code: 'en', button: null },
  { code: 'pl', button: 'Polski' },
  { code: 'ur', button: 'اردو' },
].filter((l) => !process.env.SHOTS_LANGS || process.env.SHOTS_LANGS.split(',').includes(l.code));
const SIZES = [
  { name: 'tablet-portrait', width: 768, height: 1024 },
  { name: 'tablet-landscape', width: 1024, height: 768 },
  { name: 'phone', width: 390, height: 844 },
].filter((s) => !process.env.SHOTS_SIZES || process.env.SHOTS_SIZES.split(',').includes(s.name));

// Secondary questions shown: the kinds the primary survey does not cover (seven choices,
// agreement, twelve-way multiple choice) and the ones asked for by name. The secondary survey has
// no faces questions; faces are covered by the primary survey.
// (Free text, anything_else, is never shown: it is switched off in both shipped surveys.)
const SECONDARY = ['year_group', 'young_carer', 'safe_home', 'bullied', 'bullied_where', 'rses_1', 'activities', 'life_happy', 'worries'];
// Shown again with bigger text on: the first faces question and the 0-10 rating.
const BIGGER = { primary: ['safe_home', 'life_happy'], secondary: ['life_happy'] };

// Question text (in each language) to question id, so each screenshot is named by its question.
const surveys = Object.fromEntries(['primary', 'secondary'].map((id) => {
  const sv = JSON.parse(readFileSync(path.join(here, '../../crates/core/data/surveys', `${id}.json`), 'utf8'));
  const byText = new Map();
  for (const q of sv.sections.flatMap((s) => s.questions)) {
    for (const t of Object.values(q.text)) byText.set(t.trim(), q.id);
  }
  return [id, byText];
}));

/** Waits until fonts are loaded and the current state has been painted. */
async function settle(page) {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

/** Opens the language and text panel, presses its first text setting (Bigger text, whatever
 * its label in this language) and closes the panel again; waits for the page to follow. */
async function toggleBigger(page, on) {
  const toggle = page.locator('.pupil-bar .settings-toggle');
  const panel = page.locator('#display-panel');
  await toggle.click();
  await expect(panel).toBeVisible();
  const bigger = panel.locator('.display-settings button').first();
  await bigger.click();
  await expect(bigger).toHaveAttribute('aria-pressed', String(on));
  await expect(page.locator('html.large-text')).toHaveCount(on ? 1 : 0);
  await toggle.click();
  await expect(panel).toBeHidden();
}

/** Opens Stop's confirmation, photographs it, and carries on. */
async function stopConfirmation(page, shot, name) {
  await page.locator('.stop-button').click();
  const confirm = page.locator('.confirm[role=alertdialog]');
  await expect(confirm).toBeVisible();
  await shot(name);
  await confirm.locator('button').first().click(); // No, carry on
  await expect(confirm).toBeHidden();
  await expect(page.locator('.stop-button')).toBeVisible();
}

/** One survey, in one language, at one size, on a fresh context. */
async function runSurvey(browser, lang, size, survey, shot) {
  const context = await browser.newContext({
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: size.width, height: size.height },
  });
  try {
    const page = await context.newPage();
    await new Facilitator(page).startSession({
      audience: survey === 'primary' ? /Years 4-6/ : /Years 7-13/,
      group: survey === 'primary' ? 'Year 5, Screenshot School' : 'Year 9, Screenshot School',
    });
    if (lang.button) {
      await page.locator('section.welcome fieldset.languages').getByRole('button', { name: lang.button }).click();
    }
    await expect(page.locator('html')).toHaveAttribute('lang', lang.code);
    await expect(page.locator('#welcome-title')).toBeVisible();
    const pupil = new Pupil(page);

    if (survey === 'primary') {
      await shot(page, 'welcome');
      const support = page.locator('.site-header .support-toggle');
      await support.click();
      await expect(page.locator('.site-header .support-panel')).toBeVisible();
      await shot(page, 'welcome-support');
      await support.click();
      await expect(page.locator('.site-header .support-panel')).toBeHidden();
      // The same with bigger text (its button is the first of the welcome screen's settings).
      const bigger = page.locator('section.welcome .display-settings button').first();
      await bigger.click();
      await expect(page.locator('html.large-text')).toHaveCount(1);
      await support.click();
      await expect(page.locator('.site-header .support-panel')).toBeVisible();
      await shot(page, 'welcome-support-bigger');
      await support.click();
      await expect(page.locator('.site-header .support-panel')).toBeHidden();
      await bigger.click();
      await expect(page.locator('html.large-text')).toHaveCount(0);
    }
    await page.locator('section.welcome button.start').click();
    expect(await pupil.screen()).toBe('question');

    if (survey === 'primary') {
      await page.locator('.pupil-bar .settings-toggle').click();
      await expect(page.locator('#display-panel')).toBeVisible();
      await shot(page, 'settings');
      await page.locator('.pupil-bar .settings-toggle').click();
      await expect(page.locator('#display-panel')).toBeHidden();
      await stopConfirmation(page, (n) => shot(page, n), 'question-stop');
    }

    const seen = [];
    while ((await pupil.screen()) === 'question') {
      const text = (await pupil.question.textContent()).trim();
      const id = surveys[survey].get(text);
      if (!id) throw new Error(`${lang.code} ${survey}: no question has the text "${text}"`);
      seen.push(id);
      const prefix = survey === 'primary' ? 'p' : 's';
      if (survey === 'primary' || SECONDARY.includes(id)) await shot(page, `${prefix}-${id}`);
      if (BIGGER[survey].includes(id)) {
        await toggleBigger(page, true);
        await shot(page, `${prefix}-${id}-bigger`);
        await toggleBigger(page, false);
      }
      if ((await pupil.options().count()) === 0) {
        await pupil.skip();
      } else if (id === 'bullied') {
        // Bullied once or twice: the follow-up "where" question is shown next.
        await pupil.tap(1);
      } else {
        await pupil.answerOne();
      }
      // Pupil.tap waits for "Question n of m" to change, but an answer that shows or hides a
      // question (bullied) changes m at once, before the pause is over: wait for the heading.
      await expect(page.locator('#question-text, #end-title').first()).not.toHaveText(text);
    }
    if (survey === 'secondary' && !seen.includes('bullied_where')) {
      throw new Error(`${lang.code}: bullied_where was not shown after a bullied answer`);
    }

    if (survey === 'primary') {
      await expect(pupil.end).toBeVisible();
      await shot(page, 'end');
      await stopConfirmation(page, (n) => shot(page, n), 'end-stop');
      await page.locator('section.end button.start').click(); // Save my answers
      await expect(page.locator('#thanks-title')).toBeVisible();
      await expect(page.locator('.thanks .support-panel')).toBeVisible();
      await shot(page, 'thanks');
    }
  } finally {
    await context.close();
  }
}

async function runOne(browser, lang, size) {
  let n = 0;
  const written = [];
  const shot = async (page, name) => {
    await settle(page);
    n += 1;
    const file = path.join(dir, `${lang.code}-${size.name}-${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
    written.push(file);
  };
  await runSurvey(browser, lang, size, 'primary', shot);
  await runSurvey(browser, lang, size, 'secondary', shot);
  console.log(`${lang.code} ${size.name}: ${written.length} screenshots`);
  return written;
}

// Only this script's own earlier screenshots are removed from the directory.
mkdirSync(dir, { recursive: true });
const ours = /^(en|pl|ur)-(tablet-portrait|tablet-landscape|phone)-\d\d-[\w-]+\.png$/;
for (const f of readdirSync(dir)) if (ours.test(f)) rmSync(path.join(dir, f));
const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', path.join(here, '../../dist')], { stdio: 'ignore' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  let up = false;
  for (let i = 0; i < 50 && !up; i++) {
    try { up = (await fetch(`http://127.0.0.1:${port}/index.html`)).ok; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  if (!up) throw new Error(`the server on port ${port} did not start`);
  const runs = LANGS.flatMap((lang) => SIZES.map((size) => ({ lang, size })));
  const queue = [...runs];
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
    while (queue.length) {
      const { lang, size } = queue.shift();
      await runOne(browser, lang, size);
    }
  }));
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
  server.kill();
}
const files = readdirSync(dir).filter((f) => ours.test(f));
console.log(`${dir}: ${files.length} screenshots`);
if (failed) process.exit(1);
