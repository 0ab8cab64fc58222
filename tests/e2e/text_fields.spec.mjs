// Hostile text in every field a facilitator types (issue 16): a group name, a vote's question and
// items, "You said, we did". Control characters and direction overrides are refused with a clear
// message; emoji, other scripts and markup are kept and shown as text (never run); a long unbroken
// name does not break the layout; CSV cells a spreadsheet would run are neutralised and file names
// keep only letters, digits and hyphens.
import { test, expect } from './fixtures.mjs';
import { Facilitator, PIN } from './pages/kiosk.mjs';
import { Results, randomAnswers, readCsv, rng, seedResponses, survey } from './pages/results.mjs';

const HOSTILE = '=1+1 Year 8 🙂 <img src=x onerror="window.__ran=1"><script>window.__ran=2</script> اردو';

test('a group name with a direction override is refused; markup, emoji and formulas are kept as text and neutralised in files', async ({ page, watched }, info) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Start a survey session' }).click();
  await page.getByRole('radio', { name: /Years 7-13/ }).check();
  await page.getByLabel('Group').fill('Year 8\u202Eloohcs');
  await page.getByLabel('Seal the answers').uncheck();
  await page.getByLabel('New facilitator PIN').fill(PIN);
  await page.getByLabel('Type the PIN again').fill(PIN);
  await page.getByRole('button', { name: 'Start kiosk mode' }).click();
  await expect(page.getByText(/the group name has a line break, a control character or a text-direction override in it/i)).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('yv:active'))).toBeNull();

  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: HOSTILE });
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  const sv = survey('secondary');
  const rand = rng(7);
  await seedResponses(page, id, 'secondary', Array.from({ length: 12 }, () => randomAnswers(sv, rand)));
  await page.reload();
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await expect(page.getByTestId('summary-n')).toHaveText('12 responses');
  // Shown as the characters typed, never as markup, and nothing in it ran.
  await expect(page.locator('main')).toContainText('<script>window.__ran=2</script>');
  expect(await page.evaluate(() => window.__ran)).toBeUndefined();
  expect(await page.locator('main img[src="x"]').count()).toBe(0);

  const outcomes = readCsv((await results.download('Download outcomes CSV', info.outputDir)).file);
  const cells = outcomes.rows.flatMap((r) => Object.values(r)).filter((c) => c.includes('Year 8 🙂'));
  expect(cells.length).toBeGreaterThan(0);
  for (const c of cells) expect(c.startsWith("'=1+1")).toBe(true);
  await page.getByRole('button', { name: /^Data on this device/ }).click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /responses file/i }).first().click()]);
  expect(dl.suggestedFilename()).toMatch(/^youth-voice-bundle-[a-z0-9-]+-\d{4}-\d\d-\d\d\.json$/);
});

test('a long unbroken group name does not push the results wider than the screen', async ({ page, watched }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: 'W'.repeat(120) });
  await new Results(page).openFromKiosk(PIN);
  await expect(page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('vote items and "You said, we did": overrides and 10,000 characters refused by name; emoji and markup shown as text', async ({ page, watched }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Youth Council votes' }).click();
  await page.getByLabel('New PIN', { exact: true }).fill(PIN);
  await page.getByLabel('Type the new PIN again').fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByLabel('Question').fill('Which first?');
  await page.getByLabel('Items or options, one per line').fill(`Parks\nBuses\u202E\n${'x'.repeat(10_000)}`);
  await page.getByRole('button', { name: 'Set up the vote' }).click();
  await expect(page.getByText('The vote was not set up: item 2 has a control character in it.')).toBeVisible();
  await page.getByLabel('Items or options, one per line').fill(`Parks\n${'x'.repeat(10_000)}`);
  await page.getByRole('button', { name: 'Set up the vote' }).click();
  await expect(page.getByText('The vote was not set up: item 2 is longer than 200 characters.')).toBeVisible();
  await page.getByLabel('Items or options, one per line').fill('Parks 🌳\n<img src=x onerror="window.__ran=1">\nپارک');
  await page.getByRole('button', { name: /Ask now as a quick poll/ }).click();
  await expect(page.getByRole('button', { name: '<img src=x onerror="window.__ran=1">', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Parks 🌳', exact: true })).toBeVisible();
  expect(await page.evaluate(() => window.__ran)).toBeUndefined();

  await page.getByRole('button', { name: 'For adults' }).click();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByLabel('Outcome', { exact: true }).selectOption({ index: 1 });
  await page.getByLabel('What young people said').fill('Unsafe \u202Epark');
  await page.getByLabel('What was done').fill('Lights');
  await page.getByRole('button', { name: 'Save the entry' }).click();
  await expect(page.getByText(/^Not saved: what young people said has a control character in it\.$/)).toBeVisible();
});
