// Results a board can read at a glance (issue 14): the headline view shows every indicator the
// survey measures, with the same numbers as the outcomes CSV; an indicator where lower is better
// is labelled by what it counts; a comparison reports a significant change as significant even
// where the two intervals overlap; the view passes axe-core.
import { test, expect, axeViolations } from './fixtures.mjs';
import { Facilitator, PIN } from './pages/kiosk.mjs';
import { Results, randomAnswers, readCsv, rng, seedResponses, survey } from './pages/results.mjs';

async function seededSession(page, group, answers, { newPin = true } = {}) {
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group, newPin });
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, id, 'secondary', answers);
  return id;
}

test('the headline shows every measured indicator with the CSV\'s numbers, and lower-is-better by what it counts', async ({ page, watched }, info) => {
  const sv = survey('secondary');
  const rand = rng(14);
  await seededSession(page, 'Year 9, Headline School', Array.from({ length: 60 }, () => randomAnswers(sv, rand)));
  await page.reload();
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await results.chooseFramework('calderdale');
  await expect(page.getByRole('heading', { name: 'How our young people are doing against the plan' })).toBeVisible();
  const csv = readCsv((await results.download('Download outcomes CSV', info.outputDir)).file);
  const all = csv.rows.filter((r) => r.group_by === 'all');
  const measured = all.filter((r) => r.status === 'measured');
  const indicators = new Set(csv.rows.map((r) => r.indicator_id));
  expect(measured.length).toBeGreaterThanOrEqual(5);
  await expect(page.getByTestId('coverage')).toContainText(`This survey measures ${measured.length} of the plan's ${indicators.size} indicators`);
  await expect(page.locator('.headline li.hl-row')).toHaveCount(measured.length);
  for (const row of measured) {
    const figure = page.locator(`.headline li.hl-row[data-indicator="${row.indicator_id}"] [data-testid="hl-figure"]`);
    if (row.suppressed === 'yes') {
      await expect(figure).toHaveText('Hidden to protect small groups');
    } else {
      const pct = (v) => `${Number(v).toFixed(1)}%`;
      await expect(figure).toHaveText(`${pct(row.percent_positive)} (95% CI ${pct(row.ci_low)} to ${pct(row.ci_high)}), n = ${row.base_n}`);
    }
  }
  // The indicators it cannot measure are folded, one line per part of the plan.
  const folded = page.locator('.headline details.not-measured-list');
  expect(await folded.count()).toBeGreaterThan(0);
  await expect(folded.first().locator('summary')).toHaveText(/^\d+ indicators? not measured by this survey: show$/);
  // Bullying counts the bullied, and says lower is better, in words.
  const bullied = page.locator('.headline li.hl-row[data-indicator="cal-bullied"]');
  await expect(bullied).toContainText('Counts: Bullied at school');
  await expect(bullied).toContainText('Lower is better');
  await expect(bullied).not.toContainText('Positive');
  expect(await axeViolations(page)).toEqual([]);
  // A breakdown: small multiples on the same axis, with the CSV's numbers and its hiding.
  await page.locator('#results-breakdown').selectOption('gender');
  const byGender = csv.rows.filter((r) => r.group_by === 'gender' && r.status === 'measured');
  expect(byGender.length).toBeGreaterThan(0);
  for (const row of byGender) {
    const cell = page.locator(`.headline li.hl-row[data-indicator="${row.indicator_id}"] li.hl-group-row`)
      .filter({ has: page.locator('.hl-group-label').getByText(row.group, { exact: true }) }).locator('.hl-figure');
    if (row.suppressed === 'yes') await expect(cell).toHaveText('Hidden to protect small groups');
    else await expect(cell).toContainText(`n = ${row.base_n}`);
  }
  expect(await axeViolations(page)).toEqual([]);
});

test('a change whose two intervals overlap is still reported as significant when it is', async ({ page, watched }) => {
  // Happy with the way they look: 62 of 100 last year, 48 of 100 now. The two 95% intervals
  // (52.2-70.9 and 38.5-57.7) overlap, but the 14-point fall is significant (Newcombe: -27.0 to -0.2).
  const looks = (n, yes) => Array.from({ length: n }, (_, i) => ({ happy_looks: { c: i < yes ? 'happy' : 'unhappy' } }));
  await seededSession(page, 'Year 8, last year', looks(100, 62));
  await page.getByRole('button', { name: 'For adults' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
  await seededSession(page, 'Year 8, this year', looks(100, 48), { newPin: false });
  await page.reload();
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await results.chooseFramework('calderdale');
  const now = await page.locator('#results-session option', { hasText: 'Year 8, this year' }).getAttribute('value');
  await page.locator('#results-session').selectOption(now);
  await page.locator('#results-compare').selectOption({ label: 'Year 8, last year (100 responses)' });
  const row = page.locator('.headline li.hl-row[data-indicator="cal-happy-looks"]');
  await expect(row.locator('.hl-change')).toHaveText(
    'Down 14.0 points (worse): 62.0% of 100 then, 48.0% of 100 now. Unlikely to be chance: the change is between -27.0 and -0.2 points (95% interval).',
  );
  await expect(row.locator('svg circle.then')).toHaveCount(1);
  expect(await axeViolations(page)).toEqual([]);
});

test('deleting the session being read moves the results to the next session, not to an empty page', async ({ page, watched }) => {
  const sv = survey('secondary');
  const rand = rng(7);
  await seededSession(page, 'Year 7, Oak School', Array.from({ length: 30 }, () => randomAnswers(sv, rand)));
  await page.getByRole('button', { name: 'For adults' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
  await seededSession(page, 'Year 7, Elm School', Array.from({ length: 25 }, () => randomAnswers(sv, rand)), { newPin: false });
  await page.getByRole('button', { name: 'For adults' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
  await page.getByRole('button', { name: 'Results' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  const elm = await page.locator('#results-session option', { hasText: 'Elm School' }).getAttribute('value');
  await page.locator('#results-session').selectOption(elm);
  await expect(page.getByTestId('summary-group')).toHaveText('Year 7, Elm School');
  await page.getByRole('button', { name: /^Data on this device/ }).click();
  await page.getByRole('button', { name: /^Delete “Year 7, Elm School”/ }).click();
  await page.getByLabel(/Type the group name/).fill('Year 7, Elm School');
  await page.getByLabel('Delete without an export').check();
  await page.getByRole('button', { name: 'Delete these responses' }).click();
  await expect(page.locator('.results-notice')).toContainText('25 responses removed from this device');
  await page.getByRole('button', { name: 'Results', exact: true }).click();
  await expect(page.getByTestId('summary-group')).toHaveText('Year 7, Oak School');
  await expect(page.getByTestId('summary-n')).toHaveText('30 responses');
  await expect(page.locator('#results-session')).toHaveValue(await page.locator('#results-session option', { hasText: 'Oak School' }).getAttribute('value'));
});
