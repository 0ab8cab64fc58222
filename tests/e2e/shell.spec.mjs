// The app shell as anyone first sees it.
import { test, expect, axeViolations } from './fixtures.mjs';
import { AppPage } from './pages/app.mjs';

test('first screen shows the product with language, title and landmarks', async ({ page, watched }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(app.heading).toHaveText('Youth Voice');
  await expect(page).toHaveTitle('Youth Voice');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText('stay on this tablet');
});

test('support signposting opens from the header by keyboard', async ({ page, watched }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(app.supportPanel).toBeHidden();
  await app.supportButton.focus();
  await page.keyboard.press('Enter');
  await expect(app.supportPanel).toBeVisible();
  await expect(app.supportPanel).toContainText('0800 1111');
  await expect(app.supportPanel).toContainText('85258');
  await expect(app.supportButton).toHaveAttribute('aria-expanded', 'true');
});

test('first screen passes an axe-core WCAG 2.2 AA audit, with support open too', async ({ page, watched }) => {
  const app = new AppPage(page);
  await app.open();
  expect(await axeViolations(page)).toEqual([]);
  await app.openSupport();
  expect(await axeViolations(page)).toEqual([]);
});

test('the page cannot reach other hosts (Content-Security-Policy)', async ({ page, watched }) => {
  const app = new AppPage(page);
  await app.open();
  // Without a policy the fetch would also fail here (no network), so check the policy itself
  // refused it: a violation of connect-src, not a network error.
  const violated = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
    fetch('https://example.org/collect').catch(() => {});
    setTimeout(() => resolve('no violation reported'), 5000);
  }));
  expect(violated).toBe('connect-src');
  // The refused attempt is a console error by design; drop it so the fixture checks the rest.
  watched.consoleErrors.splice(0, watched.consoleErrors.length,
    ...watched.consoleErrors.filter((e) => !e.includes('example.org')));
});
