// A facilitator reading results: the dashboard and both CSV exports agree with an independent
// reckoning from the stored responses; small groups are hidden; deleting needs a typed
// confirmation and an export first; the results screen passes axe-core.
import { test, expect, axeViolations } from './fixtures.mjs';
import { Facilitator, PIN } from './pages/kiosk.mjs';
import { Results, framework, randomAnswers, readCsv, reckonDistributions, reckonIndicators, rng, seedResponses, survey } from './pages/results.mjs';

const K = 10;
const FRAMEWORK = 'calderdale';

/** 40 secondary pupils: 18 girls, 17 boys, 3 who describe themselves another way, 2 who
 * preferred not to say, so the gender breakdown needs primary and secondary suppression. */
function pupils() {
  const sv = survey('secondary');
  const rand = rng(20261124);
  const genders = [...Array(18).fill('girl'), ...Array(17).fill('boy'), ...Array(3).fill('another_way'), ...Array(2).fill('prefer_not')];
  return genders.map((g) => randomAnswers(sv, rand, { gender: { c: g } }));
}

async function sessionWith(page, answers, group = 'Year 8, Ridgeway School, November 2026') {
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group });
  const sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, sessionId, 'secondary', answers);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Have your say' })).toBeVisible();
  return sessionId;
}

test('the dashboard and both CSVs equal an independent count of the stored responses', async ({ page, watched }, info) => {
  const answers = pupils();
  await sessionWith(page, answers);
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await results.chooseFramework(FRAMEWORK);
  await expect(page.getByTestId('summary-n')).toHaveText('40 responses');

  const sv = survey('secondary');
  const expected = reckonIndicators(framework(FRAMEWORK), sv, answers);
  const measured = Object.keys(expected);
  expect(measured.length).toBeGreaterThanOrEqual(3);

  // What the facilitator sees on screen.
  for (const id of measured) {
    const row = page.locator(`tr[data-indicator="${id}"][data-group="all"]`).first();
    const { base, positive } = expected[id];
    const cells = row.locator('td.num');
    if (base >= K) {
      await expect(cells.nth(0)).toHaveText(String(base));
      await expect(cells.nth(1)).toHaveText(String(positive));
      await expect(row).toContainText(`${(100 * positive / base).toFixed(1)}%`);
    } else {
      await expect(cells.nth(0)).toHaveText('–');
    }
  }

  // The outcomes CSV, read with Python's csv module.
  const outcomes = await results.download('Download outcomes CSV', info.outputDir);
  expect(outcomes.name).toMatch(/^youth-voice-outcomes-calderdale-year-8-ridgeway-school-november-2026-\d{4}-\d\d-\d\d\.csv$/);
  const o = readCsv(outcomes.file);
  expect(o.bom).toBe(true);
  expect(o.crlf).toBe(true);
  expect(Object.keys(o.rows[0])).toEqual(['session', 'framework', 'outcome_id', 'outcome', 'indicator_id', 'indicator_code', 'indicator',
    'measure', 'measure_note', 'local_proxy', 'status', 'group_by', 'group', 'base_n', 'positive_n', 'percent_positive',
    'ci_low', 'ci_high', 'suppressed', 'caution', 'direction']);
  for (const id of measured) {
    const row = o.rows.find((r) => r.indicator_id === id && r.group_by === 'all');
    const { base, positive } = expected[id];
    if (base >= K) {
      expect([row.base_n, row.positive_n, row.suppressed], id).toEqual([String(base), String(positive), 'no']);
      expect(Number(row.percent_positive)).toBeCloseTo(100 * positive / base, 1);
      expect(Number(row.ci_low)).toBeLessThanOrEqual(Number(row.percent_positive));
      expect(Number(row.ci_high)).toBeGreaterThanOrEqual(Number(row.percent_positive));
      expect(row.caution).toBe(base < 30 ? 'yes' : 'no');
    } else {
      expect([row.base_n, row.suppressed], id).toEqual(['', 'yes']);
    }
  }
  // Gender breakdown: the two small groups are hidden, never just one, and shown groups match.
  const genderRows = o.rows.filter((r) => r.group_by === 'gender' && r.status === 'measured');
  expect(genderRows.length).toBeGreaterThan(0);
  for (const id of measured) {
    const rows = genderRows.filter((r) => r.indicator_id === id);
    const hidden = rows.filter((r) => r.suppressed === 'yes');
    expect(hidden.length, `${id}: one hidden group could be subtracted`).not.toBe(1);
    for (const r of rows.filter((x) => x.suppressed === 'no')) expect(Number(r.base_n)).toBeGreaterThanOrEqual(K);
  }
  for (const r of genderRows.filter((x) => ['I describe myself another way', 'Not stated or prefer not to say'].includes(x.group))) {
    expect([r.base_n, r.positive_n, r.percent_positive], r.group).toEqual(['', '', '']);
  }
  const girls = reckonIndicators(framework(FRAMEWORK), sv, answers.filter((a) => a.gender.c === 'girl'));
  let girlsShown = 0;
  for (const id of measured) {
    const r = genderRows.find((x) => x.indicator_id === id && x.group === 'A girl');
    if (r.suppressed === 'no') {
      expect([r.base_n, r.positive_n]).toEqual([String(girls[id].base), String(girls[id].positive)]);
      girlsShown += 1;
    } else {
      // Hidden only for a small base, or as the partner of the hidden small groups.
      const boys = genderRows.find((x) => x.indicator_id === id && x.group === 'A boy');
      expect(girls[id].base < K || boys.suppressed === 'no', `${id}: girls hidden without reason`).toBe(true);
    }
  }
  expect(girlsShown).toBeGreaterThan(measured.length / 2);

  // The question CSV.
  const questions = await results.download('Download question CSV', info.outputDir);
  const q = readCsv(questions.file);
  expect(q.bom).toBe(true);
  const dist = reckonDistributions(sv, answers);
  let checked = 0;
  for (const row of q.rows) {
    const d = dist[row.question_id];
    expect(d, row.question_id).toBeDefined();
    if (row.suppressed === 'no') {
      expect(row.count, `${row.question_id}/${row.option_id}`).toBe(String(d.counts[row.option_id]));
      expect(row.answered_n).toBe(String(d.answered));
      checked += 1;
    }
  }
  expect(checked).toBeGreaterThan(100);
  expect(q.rows.some((r) => r.question_id === 'anything_else')).toBe(false);
  expect(q.rows.find((r) => r.question_id === 'gender' && r.option_id === 'another_way').count).toBe('');
});

test('a facilitator with a spreadsheet cannot work out a hidden year group from both CSVs', async ({ page, watched }, info) => {
  // 120 pupils: Years 7-12 of 21/20/18/16/14/13, Year 13 of 6, and 12 who skipped the year
  // question. Before the audit, the question CSV gave Year 13 away as answered_n - the shown years.
  const sv = survey('secondary');
  const rand = rng(9);
  const years = [['y7', 21], ['y8', 20], ['y9', 18], ['y10', 16], ['y11', 14], ['y12', 13], ['y13', 6]];
  const answers = years.flatMap(([y, n]) => Array.from({ length: n }, () => randomAnswers(sv, rand, { year_group: { c: y } })));
  for (let i = 0; i < 12; i += 1) answers.push(randomAnswers(sv, rand, { year_group: null }));
  await sessionWith(page, answers, 'Years 7 to 13, Ridgeway School');
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await expect(page.getByTestId('summary-n')).toHaveText('120 responses');
  await expect(page.getByTestId('audit-summary')).toContainText(/hides \d+ figures/);

  const q = readCsv((await results.download('Download question CSV', info.outputDir)).file);
  const yearRows = q.rows.filter((r) => r.question_id === 'year_group');
  const hidden = yearRows.filter((r) => r.suppressed === 'yes').map((r) => r.option_id);
  expect(hidden).toContain('y13');
  // Year 13 hides with a year, never with the skipped pupils, whose number is public.
  expect(hidden.length).toBeGreaterThanOrEqual(2);
  const answered = Number(yearRows[0].answered_n);
  expect(answered).toBe(108);
  const shownSum = yearRows.filter((r) => r.suppressed === 'no').reduce((t, r) => t + Number(r.count), 0);
  expect(answered - shownSum, 'what the hidden years share').toBeGreaterThan(6);

  const o = readCsv((await results.download('Download outcomes CSV', info.outputDir)).file);
  const byYear = o.rows.filter((r) => r.group_by === 'year_group' && r.status === 'measured');
  expect(byYear.length).toBeGreaterThan(0);
  for (const id of new Set(byYear.map((r) => r.indicator_id))) {
    const rows = byYear.filter((r) => r.indicator_id === id);
    const y13 = rows.find((r) => r.group === 'Year 13');
    expect([y13.base_n, y13.positive_n, y13.suppressed, y13.caution], id).toEqual(['', '', 'yes', '']);
    expect(rows.filter((r) => r.suppressed === 'yes').length, `${id}: Year 13 alone could be subtracted`).toBeGreaterThanOrEqual(2);
  }
  // Years hidden in the question CSV are hidden in every outcome table too.
  const labels = Object.fromEntries(yearRows.map((r) => [r.option_id, r.option]));
  for (const y of hidden) {
    expect(byYear.filter((r) => r.group === labels[y]).every((r) => r.suppressed === 'yes'), y).toBe(true);
  }
});

test('results need the PIN, and a wrong one is refused', async ({ page, watched }) => {
  await sessionWith(page, pupils().slice(0, 12));
  await page.getByRole('button', { name: 'For adults' }).click();
  await page.getByLabel('PIN', { exact: true }).fill('000000');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('That PIN is not right')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open results' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Results', exact: true })).toHaveCount(0);
});

test('deleting a session needs its name typed and an export first (or an explicit override)', async ({ page, watched }, info) => {
  await sessionWith(page, pupils().slice(0, 15), 'Youth Council, 24 November');
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  // Data on this device has its own view.
  const dataView = page.getByRole('button', { name: /^Data on this device/ });
  await expect(page.locator('.data-management')).toHaveCount(0);
  await dataView.click();
  await expect(page.locator('.data-management')).toContainText('Running in kiosk mode: end it first');
  await page.getByRole('button', { name: 'Close results' }).click();
  await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
  await page.getByRole('button', { name: 'Results' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();

  await dataView.click();
  await page.getByRole('button', { name: /^Delete “Youth Council, 24 November”/ }).click();
  const confirm = page.getByLabel(/Type the group name/);
  const remove = page.getByRole('button', { name: 'Delete these responses' });
  await confirm.fill('Youth Council, 24 November');
  await expect(remove).toBeDisabled(); // not exported yet
  const override = page.getByLabel('Delete without an export');
  await override.check();
  await expect(remove).toBeEnabled();
  await override.uncheck();
  await expect(remove).toBeDisabled();
  await page.getByRole('button', { name: 'Results', exact: true }).click();
  await results.download('Download outcomes CSV', info.outputDir);
  // Each download is confirmed where the facilitator is looking.
  await expect(page.locator('.results-notice').getByText(/^Downloaded youth-voice-.*\.csv/)).toBeInViewport();
  await dataView.click();
  await expect(page.locator('.data-management tr[data-session] td.exported')).toHaveText(/^\d{4}-\d\d-\d\d$/);
  await page.getByRole('button', { name: /^Delete “Youth Council, 24 November”/ }).click();
  await page.getByLabel(/Type the group name/).fill('Youth council');
  await expect(remove).toBeDisabled(); // wrong name
  await page.getByLabel(/Type the group name/).fill('Youth Council, 24 November');
  await remove.click();
  await expect(page.getByText('15 responses removed from this device')).toBeVisible();
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yv:r:') || k.startsWith('yv:session:')));
  expect(left).toEqual([]);
});

test('the results screen passes axe-core, with a breakdown and a comparison', async ({ page, watched }) => {
  const answers = pupils();
  await sessionWith(page, answers.slice(0, 20), 'Year 8, last year');
  await page.getByRole('button', { name: 'For adults' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: 'Year 8, this year', newPin: false });
  const sessionId = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, sessionId, 'secondary', answers);
  await page.reload();
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  const thisYear = await page.locator('#results-session option', { hasText: 'Year 8, this year' }).getAttribute('value');
  await page.locator('#results-session').selectOption(thisYear);
  await page.locator('#results-breakdown').selectOption('gender');
  await page.locator('#results-compare').selectOption({ label: 'Year 8, last year (20 responses)' });
  await expect(page.locator('td.compare').first()).toBeVisible();
  await expect(page.locator('tr.group-row').first()).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});

test('the printed report: headline first, every question\'s answers, page numbers and a running header, in at most 4 A4 pages', async ({ page, watched }, info) => {
  await sessionWith(page, pupils(), 'Year 8, print test');
  await new Results(page).openFromKiosk(PIN);
  await expect(page.locator('.headline')).toBeVisible();
  await page.getByLabel('Council or organisation on the printed report (optional)').fill('Calderdale Council');
  // Only one question opened on screen; the report prints them all.
  await page.locator('details.distribution summary').first().click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.results-controls')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download outcomes CSV' })).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.report-for')).toHaveText('A report for Calderdale Council');
  await expect(page.getByTestId('summary-group')).toHaveText('Year 8, print test');
  await expect(page.getByTestId('summary-n')).toHaveText('40 responses');
  await expect(page.locator('.summary')).toContainText('Dates');
  await expect(page.locator('.headline li.hl-row').first()).toBeVisible();
  // Without a breakdown the detailed tables repeat the headline, so they are left out of print.
  await expect(page.locator('table.outcomes').first()).toBeHidden();
  const questions = page.locator('details.distribution');
  const count = await questions.count();
  expect(count).toBeGreaterThan(20);
  for (let i = 0; i < count; i++) await expect(questions.nth(i).locator('tbody tr').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Method' })).toBeVisible();
  await expect(page.locator('.method')).toContainText('fewer than 10 pupils is hidden');
  // The running header names the session, plan, dates and n; pages are numbered "Page n of m".
  const pageCss = await page.evaluate(() => [...document.querySelectorAll('style')].map((s) => s.textContent).join('\n'));
  expect(pageCss).toMatch(/@top-left \{ content: "Youth Voice · Year 8, print test · .* · 40 responses"/);
  const sheets = await page.evaluate(() => [...document.styleSheets].flatMap((s) => { try { return [...s.cssRules].map((r) => r.cssText); } catch { return []; } }).join('\n'));
  expect(sheets).toContain('counter(page)');
  expect(sheets).toContain('counter(pages)');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  info.annotations.push({ type: 'pages', description: String(pages) });
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(pages).toBeLessThanOrEqual(4); // was 11 before issue 14
});

test('damaged or mismatched records are left out, named, and left in storage', async ({ page, watched }) => {
  const sessionId = await sessionWith(page, pupils().slice(0, 12), 'Year 8, damaged data');
  await page.evaluate((id) => {
    localStorage.setItem(`yv:r:${id}:broken`, '{"v":1,"s":');
    localStorage.setItem(`yv:r:${id}:misfit`, JSON.stringify({ v: 1, s: 'secondary', sv: '1.0.0', ss: id, id: 'misfit', d: '2026-11-24', a: { safe_school: { c: 'no_such_option' } } }));
  }, sessionId);
  await new Results(page).openFromKiosk(PIN);
  await expect(page.getByTestId('summary-n')).toHaveText('12 responses');
  const alert = page.locator('.results [role="alert"]').filter({ hasText: 'left out of these results' });
  await expect(alert).toContainText('could not be read');
  await expect(alert).toContainText('1 stored response(s) do not fit the survey');
  await expect(alert).toContainText('no option "no_such_option"');
  const kept = await page.evaluate((id) => [localStorage.getItem(`yv:r:${id}:broken`), localStorage.getItem(`yv:r:${id}:misfit`)], sessionId);
  expect(kept[0]).toBe('{"v":1,"s":');
  expect(kept[1]).toContain('no_such_option');
});
