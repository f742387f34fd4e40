import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  buildWeb,
  firstRouteJsGzipBytes,
  launchBrowser,
  newContext,
  screenshotDir,
  startPlatform,
} from './harness';
import type { RunningPlatform } from './harness';

describe('web shell against the real platform', () => {
  let platform: RunningPlatform;
  let browser: Browser;

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    platform = await startPlatform(hostEnv);
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('keeps the JavaScript of the first route within 200 KB gzipped', () => {
    const { total, files } = firstRouteJsGzipBytes();
    console.info(`first-route JS: ${(total / 1024).toFixed(1)} KB gzipped`, files);
    expect(Object.keys(files).length).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(200 * 1024);
  });

  it('sends a signed-out visitor to sign in, signs in as the developer and returns to the page asked for', async () => {
    const { context, pageErrors } = await newContext(browser, platform.base);
    const page = await context.newPage();
    await page.goto('/deployments');
    await page.waitForURL(/\/signin\?redirect=%2Fdeployments$/);
    await expect(page.getByRole('note').textContent()).resolves.toMatch(/Dev mode/i);
    await page.screenshot({ path: path.join(screenshotDir, 'signin.png'), fullPage: true });

    await page.getByRole('button', { name: 'Sign in as developer' }).click();
    await page.waitForURL(/\/deployments$/);
    await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const item of ['Dashboard', 'Deployments', 'Templates', 'Teams', 'Secrets', 'Billing', 'Settings']) {
      await expect(nav.getByRole('link', { name: item }).isVisible()).resolves.toBe(true);
    }
    await page.screenshot({ path: path.join(screenshotDir, 'deployments.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('signs out from the keyboard-usable user menu and ends the session', async () => {
    const { context, pageErrors } = await newContext(browser, platform.base);
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByRole('button', { name: 'Sign in as developer' }).click();
    await page.waitForURL(`${platform.base}/`);

    const account = page.getByRole('button', { name: /account menu$/ });
    await account.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Account' });
    await menu.waitFor();
    await expect(menu.textContent()).resolves.toContain('dev@localhost');
    await page.keyboard.press('End');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Sign out');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/signin$/);

    const status = await page.evaluate(() => fetch('/api/me').then((r) => r.status));
    expect(status).toBe(401);
    await page.goto('/settings');
    await page.waitForURL(/\/signin\?redirect=%2Fsettings$/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('works at 375px: the menu button opens the navigation and a link closes it', async () => {
    const { context, pageErrors } = await newContext(browser, platform.base, 375);
    const page = await context.newPage();
    await page.goto('/signin?redirect=%2Fsettings');
    await page.getByRole('button', { name: 'Sign in as developer' }).click();
    await page.waitForURL(/\/settings$/);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).first().isVisible()).resolves.toBe(false);

    await page.getByRole('button', { name: 'Open navigation' }).click();
    const drawer = page.getByRole('dialog', { name: 'Navigation' });
    await expect(drawer.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(screenshotDir, 'nav-375.png') });
    await drawer.getByRole('link', { name: 'Teams' }).click();
    await page.waitForURL(/\/teams$/);
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await expect(drawer.isVisible()).resolves.toBe(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a 404 page inside the shell for unknown paths', async () => {
    const { context } = await newContext(browser, platform.base);
    const page = await context.newPage();
    await page.goto('/signin?redirect=%2Fno%2Fsuch%2Fpage');
    await page.getByRole('button', { name: 'Sign in as developer' }).click();
    await page.waitForURL(/\/no\/such\/page$/);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await expect(page.getByRole('link', { name: 'Go to the dashboard' }).isVisible()).resolves.toBe(true);
    await context.close();
  });
});
