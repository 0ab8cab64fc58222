// Page objects for the kiosk: a facilitator starting a session, and a pupil taking the survey.
import { expect } from '@playwright/test';

export const PIN = '482913';

/** Every stored response record, parsed, straight from the device's storage. */
export async function storedResponses(page) {
  return page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('yv:r:'))
    .map((k) => JSON.parse(localStorage.getItem(k))));
}

export async function inProgress(page) {
  return page.evaluate(() => localStorage.getItem('yv:in-progress'));
}

export class Facilitator {
  constructor(page) { this.page = page; }

  /** From the first screen: set up a session and enter kiosk mode. */
  async startSession({ audience = /Years 4-6/, group = 'Year 5, Test School, November 2026', pin = PIN, newPin = true } = {}) {
    const page = this.page;
    await page.goto('/');
    await page.getByRole('button', { name: 'Start a survey session' }).click();
    await page.getByRole('radio', { name: audience }).check();
    await page.getByLabel('Group').fill(group);
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
    await this.page.getByRole('button', { name: 'Facilitator' }).click();
    await this.page.getByLabel('PIN', { exact: true }).fill(pin);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }
}

export class Pupil {
  constructor(page) {
    this.page = page;
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

  /** Answers every question with a tap on its first option (skipping free text). */
  async answerAllByTouch() {
    let answered = 0;
    while ((await this.screen()) === 'question') {
      const opts = this.options();
      if ((await opts.count()) > 0) {
        await this.page.locator('.options .option, .rating .option').first().click();
        await expect(this.page.getByRole('button', { name: 'Next' })).toBeEnabled();
        await this.next();
        answered += 1;
      } else {
        await this.skip();
      }
    }
    return answered;
  }

  async next() { await this.clickAndAdvance('Next'); }
  async skip() { await this.clickAndAdvance('Skip'); }

  async clickAndAdvance(name) {
    const before = await this.position();
    await this.page.getByRole('button', { name, exact: true }).click();
    await expect.poll(() => this.position()).not.toBe(before);
  }

  /** "Question n of m", or 'end'. */
  async position() {
    if ((await this.end.count()) > 0) return 'end';
    return this.page.locator('.progress label').textContent();
  }

  async send() {
    await this.page.getByRole('button', { name: 'Send my answers' }).click();
  }

  async stop() {
    await this.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await this.page.getByRole('button', { name: 'Yes, stop and delete my answers' }).click();
  }
}
