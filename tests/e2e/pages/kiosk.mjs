// Page objects for the kiosk: a facilitator starting a session, and a pupil taking the survey.
import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PIN = '482913';

const data = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../crates/core/data');
const surveyFile = (id) => JSON.parse(readFileSync(path.join(data, 'surveys', `${id}.json`), 'utf8'));
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_';

/** Answers from a compact code (schema 2), decoded here from the format in FORMATS.md, not by
 * the app's code: one entry per question in survey order ('.' skipped; a choice or rating one
 * digit; multiple choice ceil(n/6) digits of six-option bitmasks; free text '~', its text after
 * the last question as `{chars}:{text}`). */
export function decodeCode(sv, code) {
  const chars = [...code];
  const qs = sv.sections.flatMap((s) => s.questions);
  const optionsOf = (q) => (typeof q.options === 'string' ? sv.option_sets[q.options] : q.options || []);
  let i = 0;
  const a = {};
  const texts = [];
  for (const q of qs) {
    const ch = chars[i++];
    if (ch === '.') continue;
    if (q.kind === 'text') { texts.push(q); continue; }
    const opts = optionsOf(q);
    if (q.kind === 'multiple') {
      const chosen = [];
      const width = Math.max(1, Math.ceil(opts.length / 6));
      for (let k = 0; k < width; k += 1) {
        const bits = DIGITS.indexOf(k === 0 ? ch : chars[i++]);
        for (let j = 0; j < 6; j += 1) if (bits & (1 << j)) chosen.push(opts[6 * k + j].id);
      }
      a[q.id] = { m: chosen };
    } else if (q.kind === 'rating') {
      a[q.id] = { r: (q.min ?? 0) + DIGITS.indexOf(ch) };
    } else {
      a[q.id] = { c: opts[DIGITS.indexOf(ch)].id };
    }
  }
  for (const q of texts) {
    const colon = chars.indexOf(':', i);
    const n = Number(chars.slice(i, colon).join(''));
    a[q.id] = { t: chars.slice(colon + 1, colon + 1 + n).join('') };
    i = colon + 1 + n;
  }
  if (i !== chars.length) throw new Error(`code has ${chars.length - i} characters left over: ${code}`);
  return a;
}

/** The compact code of `a` (the inverse of `decodeCode`), as the kiosk writes it. */
export function encodeCode(sv, a) {
  const qs = sv.sections.flatMap((s) => s.questions);
  const optionsOf = (q) => (typeof q.options === 'string' ? sv.option_sets[q.options] : q.options || []);
  let out = '';
  const texts = [];
  for (const q of qs) {
    const ans = a[q.id];
    if (!ans) { out += '.'; continue; }
    if (q.kind === 'text') { out += '~'; texts.push(ans.t); continue; }
    const opts = optionsOf(q);
    if (q.kind === 'multiple') {
      const width = Math.max(1, Math.ceil(opts.length / 6));
      for (let k = 0; k < width; k += 1) {
        let bits = 0;
        for (let j = 0; j < 6; j += 1) if (opts[6 * k + j] && ans.m.includes(opts[6 * k + j].id)) bits |= 1 << j;
        out += DIGITS[bits];
      }
    } else if (q.kind === 'rating') {
      out += DIGITS[ans.r - (q.min ?? 0)];
    } else {
      out += DIGITS[opts.findIndex((o) => o.id === ans.c)];
    }
  }
  for (const t of texts) out += `${[...t].length}:${t}`;
  return out;
}

/** Every stored response record, straight from the device's storage, as a whole response:
 * schema 1 records as they are, schema 2 (compact) decoded independently. `rawKeys` are the
 * stored record's own fields. */
export async function storedResponses(page) {
  const raw = await page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('yv:r:'))
    .map((k) => [k, localStorage.getItem(k)]));
  return raw.map(([key, text]) => {
    const r = JSON.parse(text);
    const rawKeys = Object.keys(r).sort();
    if (r.v !== 2) return { ...r, rawKeys };
    const [, , ss, id] = key.split(':');
    return { v: r.v, s: r.s, sv: r.sv, ss, id, d: r.d, a: decodeCode(surveyFile(r.s), r.c), rawKeys, bytes: key.length + text.length };
  });
}

export async function inProgress(page) {
  return page.evaluate(() => sessionStorage.getItem('yv:in-progress'));
}

export class Facilitator {
  constructor(page) { this.page = page; }

  /** From the first screen: set up a session and enter kiosk mode. */
  /** `sealed`: a passphrase to seal the answers with (issue 13); the recovery file is saved to
   * `recoveryTo` (a path) and the session starts only once it is confirmed kept. Without it the
   * session is run unsealed (sealing is on by default, so the box is unticked). */
  async startSession({ audience = /Years 4-6/, group = 'Year 5, Test School, November 2026', pin = PIN, newPin = true, oneTap = true, sealed = null, recoveryTo = null } = {}) {
    const page = this.page;
    await page.goto('/');
    await page.getByRole('button', { name: 'Start a survey session' }).click();
    await page.getByRole('radio', { name: audience }).check();
    await page.getByLabel('Group').fill(group);
    if (!oneTap) await page.getByLabel('One tap per answer').uncheck();
    // New sessions are sealed by default; tests that read the stored answers opt out.
    if (!sealed) await page.getByLabel('Seal the answers').uncheck();
    if (sealed) {
      await page.getByLabel('Seal the answers').check();
      await page.getByLabel('Passphrase for the results').fill(sealed);
      await page.getByLabel('Type the passphrase again').fill(sealed);
      const [dl] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the recovery file' }).click(),
      ]);
      if (recoveryTo) await dl.saveAs(recoveryTo);
      await page.getByLabel(/I have kept the recovery file/).check();
    }
    if (newPin) {
      await page.getByLabel('New facilitator PIN').fill(pin);
      await page.getByLabel('Type the PIN again').fill(pin);
    } else {
      await page.getByLabel('Facilitator PIN').fill(pin);
    }
    await page.getByRole('button', { name: 'Start kiosk mode' }).click();
    await expect(page.getByRole('heading', { name: 'Have your say' })).toBeVisible();
  }

  async unlock(pin = PIN) {
    await this.page.getByRole('button', { name: 'For adults' }).click();
    await this.page.getByLabel('PIN', { exact: true }).fill(pin);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }
}

export class Pupil {
  /** `oneTap`: whether the session moves on by itself after a tapped single answer. */
  constructor(page, { oneTap = true } = {}) {
    this.page = page;
    this.oneTap = oneTap;
    this.question = page.locator('#question-text');
    this.end = page.locator('#end-title');
    this.thanks = page.getByRole('heading', { name: 'Thank you!' });
    this.welcome = page.getByRole('heading', { name: 'Have your say' });
  }

  async start() {
    await this.page.getByRole('button', { name: "I'm happy to start" }).click();
  }

  /** Waits for the next screen: 'question' or 'end'. */
  async screen() {
    await this.page.locator('#question-text, #end-title').first().waitFor();
    return (await this.end.count()) > 0 ? 'end' : 'question';
  }

  /** The options of the current question (radios and checkboxes). */
  options() {
    return this.page.locator('.options input, .rating input');
  }

  /** Taps option `i` of the current question. A single answer then moves on by itself (one tap
   * per answer): this waits for the next screen. Returns whether it moved on. */
  async tap(i = 0) {
    const before = await this.position();
    const option = this.page.locator('.options .option, .rating .option').nth(i);
    const type = await option.locator('input').getAttribute('type');
    await option.click();
    if (type === 'radio' && this.oneTap) {
      await this.movedOnFrom(before);
      return true;
    }
    return false;
  }

  /** Answers the current question with its first option, moving on (by itself or with Next). */
  async answerOne() {
    if (!(await this.tap(0))) {
      await expect(this.page.locator('.question-nav button.next')).toBeEnabled();
      await this.next();
    }
  }

  /** Answers every question with a tap on its first option (skipping free text). */
  async answerAllByTouch() {
    let answered = 0;
    while ((await this.screen()) === 'question') {
      if ((await this.options().count()) > 0) {
        await this.answerOne();
        answered += 1;
      } else {
        await this.skip();
      }
    }
    return answered;
  }

  async next() { await this.clickAndAdvance('next'); }
  async skip() { await this.clickAndAdvance('skip'); }
  /** Skip every question left, to the screen that sends the answers. */
  async skipToEnd() { while ((await this.screen()) === 'question') await this.skip(); }

  /** Clicks Next, Skip or Back (by role in the bar, whatever the language) and waits for the
   * next screen. */
  async clickAndAdvance(which) {
    const before = await this.position();
    await this.page.locator(`.question-nav button.${which}`).click();
    await this.movedOnFrom(before);
  }

  /** Waits until the screen is no longer the question at `before` (another question or the end). */
  async movedOnFrom(before) {
    if (before === 'end') return;
    await expect(this.page.locator('#end-title, .progress label').first()).not.toHaveText(before);
  }

  /** "Question n of m", or 'end'. */
  async position() {
    if ((await this.end.count()) > 0) return 'end';
    return this.page.locator('.progress label').textContent();
  }

  async send() {
    await this.page.getByRole('button', { name: 'Save my answers' }).click();
  }

  async stop() {
    await this.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await this.page.getByRole('button', { name: 'Yes, stop and delete my answers' }).click();
  }
}
