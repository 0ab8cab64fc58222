// Page object for the app frame: what every screen has.
import { expect } from '@playwright/test';

export class AppPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.supportButton = page.getByRole('button', { name: 'Need to talk?' });
    this.supportPanel = page.getByRole('region', { name: 'Help and support' });
  }

  /** Opens the app and waits until the WebAssembly app has drawn its first screen. */
  async open() {
    await this.page.goto('/');
    await expect(this.heading).toBeVisible();
  }

  async openSupport() {
    await this.supportButton.click();
    await expect(this.supportPanel).toBeVisible();
  }
}
