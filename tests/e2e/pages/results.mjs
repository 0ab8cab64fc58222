// Page object for the facilitator's results, and an independent reckoning of what they should
// say, worked out from the stored responses and the shipped survey and framework files (not
// from the app's code).
import { expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, '../../../crates/core/data');
export const survey = (id) => JSON.parse(readFileSync(path.join(data, 'surveys', `${id}.json`), 'utf8'));
export const framework = (id) => JSON.parse(readFileSync(path.join(data, 'frameworks', `${id}.json`), 'utf8'));

/** A small deterministic random generator, so a failure can be replayed. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const optionsOf = (sv, q) => (typeof q.options === 'string' ? sv.option_sets[q.options] : q.options || []);
const questions = (sv) => sv.sections.flatMap((s) => s.questions);

/** Whether question `q` is shown to a pupil who gave answers `a` (its `show_if`, read from the
 * survey file as FORMATS.md says: the source unanswered means not shown). */
export function shown(q, a) {
  const c = q.show_if;
  if (!c) return true;
  const x = a[c.question];
  const chosen = x && 'c' in x ? [x.c] : (x && x.m) || [];
  if (!chosen.length) return false;
  return c.any ? chosen.some((o) => c.any.includes(o)) : !chosen.some((o) => c.not.includes(o));
}

/** Made-up answers to every question of `sv` a pupil is shown (each skipped one time in ten). */
export function randomAnswers(sv, rand, fixed = {}) {
  const a = {};
  for (const q of questions(sv)) {
    if (q.kind === 'text') continue;
    if (q.id in fixed) { if (fixed[q.id] !== null) a[q.id] = fixed[q.id]; continue; }
    if (rand() < 0.1) continue;
    const opts = optionsOf(sv, q);
    let answer;
    if (q.kind === 'rating') answer = { r: q.min + Math.floor(rand() * (q.max - q.min + 1)) };
    else if (q.kind === 'multiple') {
      const pick = opts.filter((o) => !o.exclusive && rand() < 0.3).map((o) => o.id);
      answer = { m: pick.length ? pick : [opts[opts.length - 1].id] };
    } else answer = { c: opts[Math.floor(rand() * opts.length)].id };
    // The random draws are made either way, so the same seed gives the same other answers.
    if (shown(q, a)) a[q.id] = answer;
  }
  return a;
}

/** Store responses on the device exactly as the app's envelope does. */
export async function seedResponses(page, sessionId, surveyId, answersList) {
  await page.evaluate(({ sessionId, surveyId, answersList }) => {
    answersList.forEach((a, i) => {
      const id = `seed-${i}-${Math.random().toString(16).slice(2)}`;
      localStorage.setItem(`yv:r:${sessionId}:${id}`, JSON.stringify({ v: 1, s: surveyId, sv: '1.0.0', ss: sessionId, id, d: '2026-11-24', a }));
    });
  }, { sessionId, surveyId, answersList });
}

/** Store responses as the kiosk does (compact records, schema 2), for benches that must read
 * what tablets really store. */
export async function seedCompactResponses(page, sessionId, sv, answersList) {
  const { encodeCode } = await import('./kiosk.mjs');
  const records = answersList.map((a) => `{"v":2,"s":"${sv.id}","sv":"${sv.version}","d":"2026-11-24","c":"${encodeCode(sv, a)}"}`);
  await page.evaluate(({ sessionId, records }) => {
    records.forEach((r, i) => localStorage.setItem(`yv:r:${sessionId}:seed-${i}-${Math.random().toString(16).slice(2)}`, r));
  }, { sessionId, records });
}

function classify(rule, sv, a) {
  const q = rule.question && questions(sv).find((x) => x.id === rule.question);
  if (rule.type === 'answer') {
    const ans = a[rule.question];
    if (!ans) return null;
    const counted = new Set(optionsOf(sv, q).filter((o) => !o.opt_out).map((o) => o.id));
    if ('c' in ans) return counted.has(ans.c) ? rule.positive.includes(ans.c) : null;
    if ('m' in ans) return ans.m.some((o) => counted.has(o)) ? ans.m.some((o) => rule.positive.includes(o)) : null;
    return null;
  }
  if (rule.type === 'rating') {
    const ans = a[rule.question];
    return ans && 'r' in ans ? ans.r >= rule.min && ans.r <= rule.max : null;
  }
  const def = sv.scores.find((s) => s.id === rule.score);
  const top = Math.max(...Object.values(def.values));
  let sum = 0; let answered = 0;
  for (const item of def.items) {
    const ans = a[item.question];
    const v = ans && 'c' in ans ? def.values[ans.c] : undefined;
    if (v === undefined) continue;
    sum += item.reverse ? top - v : v; answered += 1;
  }
  if (answered === 0 || def.items.length - answered > (def.max_missing || 0)) return null;
  return (sum * def.items.length) / answered >= rule.at_least;
}

const applies = (rule, sv) => (rule.type === 'score'
  ? (sv.scores || []).some((s) => s.id === rule.score)
  : questions(sv).some((q) => q.id === rule.question));

/** Every indicator of `fw` with base and positive counts over `answersList`, worked out here. */
export function reckonIndicators(fw, sv, answersList) {
  const out = {};
  const walk = (nodes) => nodes.forEach((n) => {
    for (const ind of n.indicators || []) {
      const rule = ind.measure && ind.measure.rules.find((r) => applies(r, sv));
      if (!rule) continue;
      let base = 0; let positive = 0;
      for (const a of answersList) {
        const c = classify(rule, sv, a);
        if (c === null) continue;
        base += 1; positive += c ? 1 : 0;
      }
      out[ind.id] = { base, positive };
    }
    walk(n.children || []);
  });
  walk(fw.nodes);
  return out;
}

/** Each question's option counts and how many answered, worked out here. */
export function reckonDistributions(sv, answersList) {
  const out = {};
  for (const q of questions(sv)) {
    if (q.kind === 'text') continue;
    const ids = q.kind === 'rating'
      ? Array.from({ length: q.max - q.min + 1 }, (_, i) => String(q.min + i))
      : optionsOf(sv, q).map((o) => o.id);
    const counts = Object.fromEntries(ids.map((id) => [id, 0]));
    let answered = 0;
    for (const a of answersList) {
      const ans = a[q.id];
      if (!ans) continue;
      const chosen = 'c' in ans ? [ans.c] : 'm' in ans ? ans.m : 'r' in ans ? [String(ans.r)] : [];
      const hit = chosen.filter((c) => c in counts);
      hit.forEach((c) => { counts[c] += 1; });
      if (hit.length) answered += 1;
    }
    out[q.id] = { answered, counts };
  }
  return out;
}

/** Read a downloaded CSV with Python's csv module. */
export function readCsv(file) {
  return JSON.parse(execFileSync('python3', [path.join(here, '..', 'read_csv.py'), file], { encoding: 'utf8' }));
}

export class Results {
  constructor(page) { this.page = page; }

  async openFromKiosk(pin) {
    await this.page.getByRole('button', { name: 'For adults' }).click();
    await this.page.getByLabel('PIN', { exact: true }).fill(pin);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
    await this.page.getByRole('button', { name: 'Open results' }).click();
    await expect(this.page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  }

  async chooseFramework(id) {
    await this.page.locator('#results-framework').selectOption(id);
  }

  /** Click a download button and return the saved file's path. */
  async download(name, dir) {
    const [dl] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name }).click(),
    ]);
    const file = path.join(dir, dl.suggestedFilename());
    await dl.saveAs(file);
    return { file, name: dl.suggestedFilename() };
  }
}
