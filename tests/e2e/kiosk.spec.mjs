// A class taking turns on one tablet: each child alone, anonymous, and unable to see the
// previous child's answers.
import { test, expect, axeViolations } from './fixtures.mjs';
import { Facilitator, Pupil, PIN, storedResponses, inProgress } from './pages/kiosk.mjs';

test('a pupil completes the primary survey by touch; the response is stored before thanks', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  const answered = await pupil.answerAllByTouch();
  expect(answered).toBeGreaterThanOrEqual(12);
  expect(await storedResponses(page)).toHaveLength(0);
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  await expect(page.getByRole('region', { name: 'Help and support' }).last()).toContainText('0800 1111');
  const [r] = await storedResponses(page);
  expect(r.s).toBe('primary');
  expect(r.d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(Object.keys(r.a)).toHaveLength(answered);
  // Anonymous: date only, a random id (in the key), nothing else about the device or the time;
  // written compactly (schema 2), within 250 bytes with its key.
  expect(r.rawKeys).toEqual(['c', 'd', 's', 'sv', 'v']);
  expect(r.bytes).toBeLessThanOrEqual(250);
  expect(await inProgress(page)).toBeNull();
});

test('a pupil completes the secondary survey by keyboard alone', async ({ page, watched }) => {
  await new Facilitator(page).startSession({ audience: /Years 7-13/ });
  const pupil = new Pupil(page);
  await page.getByRole('button', { name: "I'm happy to start" }).focus();
  await page.keyboard.press('Enter');
  let answered = 0;
  while ((await pupil.screen()) === 'question') {
    const before = await pupil.position();
    const first = pupil.options().first();
    if ((await pupil.options().count()) > 0) {
      await first.focus();
      await page.keyboard.press('Space');
      await expect(first).toBeChecked();
      await page.getByRole('button', { name: 'Next', exact: true }).focus();
      await page.keyboard.press('Enter');
      answered += 1;
    } else {
      await page.getByRole('button', { name: 'Skip', exact: true }).focus();
      await page.keyboard.press('Enter');
    }
    await expect.poll(() => pupil.position()).not.toBe(before);
  }
  await page.getByRole('button', { name: 'Save my answers' }).focus();
  await page.keyboard.press('Enter');
  await expect(pupil.thanks).toBeVisible();
  const [r] = await storedResponses(page);
  expect(r.s).toBe('secondary');
  expect(Object.keys(r.a)).toHaveLength(answered);
  expect(answered).toBeGreaterThanOrEqual(25);
});

test('every question can be skipped', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.skipToEnd();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  const [r] = await storedResponses(page);
  expect(r.a).toEqual({});
});

test('Stop midway asks first, then leaves nothing stored', async ({ page, watched }) => {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.answerOne();
  await expect.poll(() => inProgress(page)).not.toBeNull();
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await page.getByRole('button', { name: 'No, carry on' }).click();
  await expect(pupil.question).toBeVisible();
  await pupil.stop();
  await expect(pupil.welcome).toBeVisible();
  expect(await storedResponses(page)).toHaveLength(0);
  expect(await inProgress(page)).toBeNull();
});

test('idle timeout discards the answers and the next child sees a fresh welcome', async ({ page, watched }) => {
  await page.clock.install();
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.answerOne();
  await page.clock.fastForward('02:05');
  await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeVisible();
  await page.clock.fastForward('00:31');
  await expect(pupil.welcome).toBeVisible();
  await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeHidden();
  expect(await storedResponses(page)).toHaveLength(0);
  expect(await inProgress(page)).toBeNull();
  await pupil.start();
  await expect(page.locator('.progress label')).toHaveText(/^Question 1 of/);
  await expect(page.locator('.options input:checked')).toHaveCount(0);
});

test('"I\'m still here" keeps the answers', async ({ page, watched }) => {
  await page.clock.install();
  await new Facilitator(page).startSession({ oneTap: false });
  const pupil = new Pupil(page, { oneTap: false });
  await pupil.start();
  await page.locator('.options .option').first().click();
  await page.clock.fastForward('02:05');
  await page.getByRole('button', { name: "I'm still here" }).click();
  await expect(page.getByRole('alertdialog', { name: 'Are you still there?' })).toBeHidden();
  await expect(page.locator('.options input:checked')).toHaveCount(1);
});

test('an accidental reload resumes the same pupil where they were', async ({ page, watched }) => {
  await new Facilitator(page).startSession({ oneTap: false });
  const pupil = new Pupil(page, { oneTap: false });
  await pupil.start();
  await page.locator('.options .option').first().click();
  await pupil.next();
  // Each change is sealed and kept in the background within moments (issue 13): wait for it.
  const kept = await inProgress(page);
  await page.locator('.options .option, .rating .option').nth(1).click();
  await expect.poll(() => inProgress(page)).not.toBe(kept);
  const where = await pupil.position();
  await page.reload();
  await expect(page.locator('.progress label')).toHaveText(where);
  await expect(page.locator('.options input:checked, .rating input:checked')).toHaveCount(1);
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(page.locator('.options input:checked')).toHaveCount(1);
});

test('three pupils in a row make three records, and none can reach another\'s answers', async ({ page, watched }) => {
  test.setTimeout(120_000); // three whole surveys, each answer with its short pause
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  const historyLength = await page.evaluate(() => history.length);
  for (let i = 0; i < 3; i++) {
    await expect(pupil.welcome).toBeVisible();
    await pupil.start();
    await expect(page.locator('.options input:checked')).toHaveCount(0);
    await pupil.answerAllByTouch();
    await pupil.send();
    await expect(pupil.thanks).toBeVisible();
    await page.getByRole('button', { name: 'Done' }).click();
  }
  const records = await storedResponses(page);
  expect(records).toHaveLength(3);
  expect(new Set(records.map((r) => r.id)).size).toBe(3);
  // No browser-history entries to go back into.
  expect(await page.evaluate(() => history.length)).toBe(historyLength);
  await pupil.start();
  await expect(page.getByRole('button', { name: 'Back', exact: true })).toHaveCount(0);
  await expect(page.locator('.options input:checked')).toHaveCount(0);
});

test('the thank-you screen returns to the welcome screen by itself', async ({ page, watched }) => {
  await page.clock.install();
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.skipToEnd();
  await pupil.send();
  await expect(pupil.thanks).toBeVisible();
  await page.clock.fastForward('00:11');
  await expect(pupil.welcome).toBeVisible();
});

test('a wrong PIN is refused, and repeated wrong PINs lock for a while', async ({ page, watched }) => {
  const facilitator = new Facilitator(page);
  await facilitator.startSession();
  await page.getByRole('button', { name: 'For adults' }).click();
  for (let i = 0; i < 2; i++) {
    await page.getByLabel('PIN', { exact: true }).fill('111111');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toHaveText('That PIN is not right. Try again.');
  }
  await page.getByLabel('PIN', { exact: true }).fill('111111');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Wait 5 seconds');
  // Even the right PIN is refused while locked.
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('Too many wrong PINs');
  await expect(page.getByRole('heading', { name: 'Facilitator controls' })).toHaveCount(0);
  const stored = await page.evaluate(() => localStorage.getItem('yv:pin'));
  expect(stored).not.toContain(PIN);
});

test('the right PIN opens the controls, and ending the session leaves kiosk mode', async ({ page, watched }) => {
  const facilitator = new Facilitator(page);
  await facilitator.startSession();
  await facilitator.unlock();
  await expect(page.getByRole('heading', { name: 'Facilitator controls' })).toBeVisible();
  await expect(page.getByText('0 responses stored')).toBeVisible();
  await page.getByRole('button', { name: 'End session and leave kiosk mode' }).click();
  await expect(page.getByRole('button', { name: 'Start a survey session' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Start a survey session' })).toBeVisible();
});

/** Fill the site's storage to the brim with filler items. */
async function fillStorage(page) {
  await page.evaluate(() => {
    const chunk = 'x'.repeat(256 * 1024);
    let i = 0;
    try { for (;;) localStorage.setItem(`filler-${i++}`, chunk); } catch { /* full */ }
    let small = 'x'.repeat(1024);
    for (;;) { try { localStorage.setItem(`filler-small-${i++}`, small); } catch { if (small.length <= 1) break; small = small.slice(0, small.length / 2); } }
  });
}

/** A pupil skips every question and saves into full storage: the save fails and they are told
 * to fetch an adult. */
async function saveIntoFullStorage(page) {
  await new Facilitator(page).startSession();
  const pupil = new Pupil(page);
  await pupil.start();
  await pupil.skipToEnd();
  await fillStorage(page);
  await pupil.send();
  await expect(page.getByRole('heading', { name: 'Please tell your teacher' })).toBeVisible();
  return pupil;
}

/** Remove the filler again (an adult making room). */
async function emptyFiller(page) {
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler-')).forEach((k) => localStorage.removeItem(k)));
}

test('when storage is full, nothing is lost: the pupil is told to fetch an adult and it retries', async ({ page, watched }) => {
  const pupil = await saveIntoFullStorage(page);
  await expect(page.locator('.for-adults')).toContainText('storage for Youth Voice is full');
  expect(await storedResponses(page)).toHaveLength(0);
  await emptyFiller(page);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(pupil.thanks).toBeVisible();
  expect(await storedResponses(page)).toHaveLength(1);
});

test('a save that failed is kept while an adult opens the controls, however long they take', async ({ page, watched }) => {
  await page.clock.install();
  const pupil = await saveIntoFullStorage(page);
  // An adult opens the controls (the facilitator's app) and takes far longer than the idle time.
  await page.getByRole('button', { name: 'For adults' }).click();
  await expect(page.getByLabel('PIN', { exact: true })).toBeVisible();
  await page.clock.fastForward('01:00:00');
  await emptyFiller(page);
  await page.getByRole('button', { name: 'Back to the survey' }).click();
  // Back at the kiosk the answers are still waiting, and are saved (by itself, or on Try again).
  await expect(pupil.thanks.or(page.getByRole('heading', { name: 'Please tell your teacher' }))).toBeVisible();
  if (await page.getByRole('button', { name: 'Try again' }).isVisible()) await page.getByRole('button', { name: 'Try again' }).click();
  await expect(pupil.thanks).toBeVisible();
  expect(await storedResponses(page)).toHaveLength(1);
});

for (const lang of ['English', 'اردو']) {
  test(`every pupil screen passes axe-core in ${lang}`, async ({ page, watched }) => {
    test.setTimeout(120_000); // axe on some twenty screens
    await page.clock.install();
    await new Facilitator(page).startSession({ audience: /Years 4-6/ });
    if (lang !== 'English') {
      await page.getByRole('button', { name: lang }).click();
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    }
    const check = async (what) => expect(await axeViolations(page), what).toEqual([]);
    await check('welcome');
    await page.locator('.site-header .support-toggle').click();
    await check('support open');
    await page.locator('.site-header .support-toggle').click();
    await page.locator('button.start').click();
    const pupil = new Pupil(page);
    let n = 0;
    while ((await pupil.screen()) === 'question') {
      await check(`question ${++n}`);
      const before = await pupil.position();
      const nav = page.locator('.question-nav button');
      if ((await pupil.options().count()) > 0) {
        await pupil.answerOne();
      } else {
        await nav.nth((await nav.count()) - 2).click(); // Skip
      }
      await expect.poll(() => pupil.position()).not.toBe(before);
    }
    await check('end');
    await page.locator('.stop-button').click();
    await check('stop confirmation');
    await page.locator('.confirm button').first().click(); // carry on
    await page.locator('.end button.start').click(); // send
    await expect(page.locator('.thanks')).toBeVisible();
    await check('thanks');
  });
}
