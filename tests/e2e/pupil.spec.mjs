// The pupil experience as a child would meet it: one tap per answer, skip logic, each question
// starting at the top, scales that never wrap, Childline's number the right way round in Urdu,
// and unfinished answers that never reach another tab.
import { test, expect, axeViolations } from './fixtures.mjs';
import { Facilitator, Pupil, PIN, storedResponses } from './pages/kiosk.mjs';
import { Results, readCsv, randomAnswers, rng, seedResponses, survey } from './pages/results.mjs';

/** Skips until the question with this heading text. */
async function skipTo(pupil, text) {
  while (!((await pupil.question.textContent()) || '').includes(text)) await pupil.skip();
}

test('in Urdu, Childline\'s number reads 0800 1111 left to right on screen, and the panel passes axe', async ({ page, watched }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await new Facilitator(page).startSession();
  await page.getByRole('button', { name: 'اردو' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.locator('.site-header .support-toggle').click();
  const link = page.locator('#support-panel a[href="tel:08001111"]');
  await expect(link).toBeVisible();
  // Where the two groups of digits are drawn: "0800" must be left of "1111".
  const boxes = await link.evaluate((a) => {
    const text = a.firstChild;
    const rect = (from, to) => { const r = document.createRange(); r.setStart(text, from); r.setEnd(text, to); return r.getBoundingClientRect(); };
    return { first: rect(0, 4).left, second: rect(5, 9).left, content: text.textContent };
  });
  expect(boxes.content).toBe('0800 1111');
  expect(boxes.first).toBeLessThan(boxes.second);
  // The sentence around it is Urdu, laid out right to left; the lines do not overlap.
  const lines = await page.locator('#support-panel li').evaluateAll((lis) => lis.map((li) => li.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
  for (let i = 1; i < lines.length; i += 1) expect(lines[i][0]).toBeGreaterThanOrEqual(lines[i - 1][1] - 1);
  expect(await axeViolations(page)).toEqual([]);
});

test('the Urdu font is served from the app itself and used for Urdu text', async ({ page, watched }) => {
  const served = page.waitForResponse((r) => /\/fonts\/urdu-subset(-bold)?\.woff2$/.test(r.url()) && r.ok());
  await new Facilitator(page).startSession();
  await page.getByRole('button', { name: 'اردو' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
  // The face itself must load from the app (document.fonts.check alone is true for a missing font).
  await page.waitForFunction(() => [...document.fonts].some((f) => f.family.includes('Youth Voice Urdu') && f.status === 'loaded'));
  expect(new URL((await served).url()).origin).toBe(new URL(page.url()).origin);
  const family = await page.locator('#welcome-title').evaluate((h) => getComputedStyle(h).fontFamily);
  expect(family).toContain('Youth Voice Urdu');
});

test('one tap moves on by itself; arrow keys choose but never move on', async ({ page, watched }) => {
  await page.clock.install();
  await new Facilitator(page).startSession({ audience: /Years 7-13/ });
  const pupil = new Pupil(page);
  await expect(page.getByText('Tap an answer and the next question comes by itself')).toBeVisible();
  await pupil.start();
  await expect(page.locator('.progress label')).toHaveText(/^Question 1 of/);
  // A tap: the answer is marked, then the next question comes without pressing Next.
  await page.locator('.options .option').nth(1).click();
  await expect(page.locator('.options .option').nth(1)).toHaveClass(/chosen/);
  await page.clock.runFor(600);
  await expect(page.locator('.progress label')).toHaveText(/^Question 2 of/);
  // Arrow keys: the choice moves, the question stays, however long we wait.
  await page.locator('.options input').first().focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.options input').nth(1)).toBeChecked();
  await expect(page.locator('.options input').nth(1)).toBeFocused();
  await page.clock.runFor(5000);
  await expect(page.locator('.progress label')).toHaveText(/^Question 2 of/);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('.options input').nth(2)).toBeFocused();
  // Back after a tap changes the earlier answer.
  await page.locator('.question-nav .back').click();
  await expect(page.locator('.progress label')).toHaveText(/^Question 1 of/);
  await expect(page.locator('.options input').nth(1)).toBeChecked();
});

test('a session can turn one tap off: then Next moves on', async ({ page, watched }) => {
  await page.clock.install();
  await new Facilitator(page).startSession({ oneTap: false });
  const pupil = new Pupil(page, { oneTap: false });
  await expect(page.getByText('Tap an answer and the next question comes by itself')).toHaveCount(0);
  await pupil.start();
  await page.locator('.options .option').first().click();
  await page.clock.runFor(3000);
  await expect(page.locator('.progress label')).toHaveText(/^Question 1 of/);
  await pupil.next();
  await expect(page.locator('.progress label')).toHaveText(/^Question 2 of/);
});

test('after scrolling down, the next question starts at the top with its heading focused', async ({ page, watched }) => {
  await page.setViewportSize({ width: 390, height: 480 });
  await new Facilitator(page).startSession({ audience: /Years 7-13/ });
  const pupil = new Pupil(page);
  await page.getByRole('button', { name: 'Bigger text' }).click();
  await pupil.start();
  for (let i = 0; i < 3; i += 1) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await pupil.answerOne();
    const heading = page.locator('#question-text');
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    await expect(page.locator('.site-header .support-toggle')).toBeInViewport();
  }
});

test('faces and 0-10 never wrap at 390 px with bigger text: one row, or one list', async ({ page, watched }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await page.getByRole('button', { name: 'Bigger text' }).click();
  await pupil.start();
  const layout = (sel) => page.locator(sel).evaluateAll((els) => {
    const rs = els.map((e) => e.getBoundingClientRect());
    return { tops: new Set(rs.map((r) => Math.round(r.top))).size, lefts: new Set(rs.map((r) => Math.round(r.left))).size, n: rs.length };
  });
  const oneRowOrList = (l) => l.tops === 1 || l.lefts === 1;
  await skipTo(pupil, 'feel safe');
  const faces = await layout('.options.faces .option');
  expect(faces.n).toBeGreaterThanOrEqual(3);
  expect(oneRowOrList(faces), JSON.stringify(faces)).toBe(true);
  await skipTo(pupil, 'happy are you with your life');
  const rating = await layout('.rating .option');
  expect(rating.n).toBe(11);
  expect(oneRowOrList(rating), JSON.stringify(rating)).toBe(true);
  // As a list, 0 and 10 carry their meanings beside them; either way they are in the names.
  await expect(page.getByRole('radio', { name: /^0.*Not at all happy/ })).toHaveCount(1);
  await expect(page.getByRole('radio', { name: /^10.*Very happy/ })).toHaveCount(1);
  // Wider, the row keeps 0 at its start and 10 at its end, with the end labels above them.
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByRole('button', { name: 'Language and text' }).click();
  await page.getByRole('button', { name: 'Bigger text' }).click();
  const wide = await layout('.rating .option');
  expect(wide.tops).toBe(1);
  const ends = await page.locator('.rating-ends span').evaluateAll((s) => s.map((e) => e.getBoundingClientRect().left));
  expect(ends[0]).toBeLessThan(ends[1]);
});

test('skip logic: "where" is asked only after being bullied, Back steps over it, progress says "about"', async ({ page, watched }) => {
  await new Facilitator(page).startSession({ audience: /Years 7-13/ });
  const pupil = new Pupil(page);
  await pupil.start();
  await expect(page.locator('.progress label')).toHaveText(/^Question 1 of about \d+$/);
  await skipTo(pupil, 'How often have you been bullied at school');
  // Not bullied: the next question is the one after "where".
  await page.getByRole('radio', { name: "I haven't been bullied" }).click();
  await expect(pupil.question).not.toHaveText(/bullied at school/);
  await expect(pupil.question).not.toHaveText(/where did it happen/);
  const after = await pupil.question.textContent();
  await page.locator('.question-nav .back').click();
  await expect(pupil.question).toHaveText(/bullied at school/);
  // Bullied: "where" comes next, and Back from the question after it returns to it.
  await page.locator('.options .option').nth(1).click();
  await expect(pupil.question).toHaveText(/where did it happen/);
  await page.locator('.options .option').first().click();
  await pupil.next();
  await expect(pupil.question).toHaveText(after);
  await page.locator('.question-nav .back').click();
  await expect(pupil.question).toHaveText(/where did it happen/);
  // Changing the answer to "not bullied" drops the "where" answer: it is never saved.
  await page.locator('.question-nav .back').click();
  await page.getByRole('radio', { name: "I haven't been bullied" }).click();
  await expect(pupil.question).toHaveText(after);
  await pupil.skipToEnd();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  const [r] = await storedResponses(page);
  expect(r.a.bullied).toEqual({ c: 'not_bullied' });
  expect(r.a).not.toHaveProperty('bullied_where');
});

test('a question hidden from some pupils counts only those shown it', async ({ page, watched }, info) => {
  const sv = survey('secondary');
  const rand = rng(11);
  const answers = Array.from({ length: 40 }, () => randomAnswers(sv, rand));
  await new Facilitator(page).startSession({ audience: /Years 7-13/, group: 'Skip logic' });
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('yv:active')));
  await seedResponses(page, id, 'secondary', answers);
  await page.reload();
  const results = new Results(page);
  await results.openFromKiosk(PIN);
  await expect(page.getByTestId('summary-n')).toHaveText('40 responses');
  const q = readCsv((await results.download('Download question CSV', info.outputDir)).file);
  const rows = q.rows.filter((row) => row.question_id === 'bullied_where');
  const shownAndAnswered = answers.filter((a) => a.bullied && a.bullied.c !== 'not_bullied' && a.bullied_where).length;
  const notShown = answers.filter((a) => !a.bullied || a.bullied.c === 'not_bullied').length;
  expect(notShown).toBeGreaterThan(0);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0].answered_n).toBe(String(shownAndAnswered));
});

test('a second tab never shows the unfinished answers of the pupil at the first', async ({ page, context, watched }) => {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.answerOne();
  await pupil.answerOne();
  await expect(page.locator('.progress label')).toHaveText(/^Question 3 of/);
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByRole('heading', { name: 'Have your say' })).toBeVisible();
  await expect(second.locator('.progress')).toHaveCount(0);
  expect(await second.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('in-progress')))).toEqual([]);
  // Starting in the second tab begins a fresh survey, with nothing chosen.
  await second.getByRole('button', { name: "I'm happy to start" }).click();
  await expect(second.locator('.progress label')).toHaveText(/^Question 1 of/);
  await expect(second.locator('.options input:checked')).toHaveCount(0);
  // The first tab still has its own pupil where they were.
  await page.reload();
  await expect(page.locator('.progress label')).toHaveText(/^Question 3 of/);
  await second.close();
});

test('language and text settings are on every pupil screen, not only the welcome', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await page.getByRole('button', { name: 'Language and text' }).click();
  await page.getByRole('button', { name: 'Polski' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page.locator('.progress label')).toHaveText(/^Pytanie 1 z/);
  // No adult words on pupil screens in Polish: the footer and the adults' button are Polish too.
  await expect(page.getByRole('contentinfo')).not.toContainText('facilitator');
  await expect(page.getByRole('button', { name: 'Dla dorosłych' })).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
});
