import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWeb, launchBrowser, newContext, screenshotDir, startPlatform } from './harness';
import type { RunningPlatform } from './harness';

/**
 * A person's way through the product against the real platform (PGlite, no cluster: deployments
 * stay Pending, which is what the UI must then say): org → team → secrets → deploy → restart → delete.
 */
describe('from sign-in to a deployment', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** What the browser reports refusing under the Content-Security-Policy: the UI must need nothing it forbids. */
  const cspViolations: string[] = [];
  let documentCsp: string | undefined;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    platform = await startPlatform(hostEnv);
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
    const ctx = await newContext(browser, platform.base);
    page = await ctx.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('response', (r) => {
      if (r.request().resourceType() === 'document') documentCsp ??= r.headers()['content-security-policy'];
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('creates an organization and a team, which becomes the current team', async () => {
    await page.goto('/signin?redirect=%2Fteams');
    await page.getByRole('button', { name: 'Sign in as developer' }).click();
    await page.getByRole('heading', { name: 'Create your organization' }).waitFor();
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByText('Enter a name.').waitFor();
    await page.getByLabel('Organization name').fill('Acme Corp');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Acme Corp' }).waitFor();
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByLabel('Team name').fill('Platform');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('link', { name: /Platform/ }).waitFor();
    await expect(page.getByLabel('Team', { exact: true }).first().inputValue()).resolves.toMatch(
      /^[0-9a-f-]{36}$/,
    );
    await shot('teams');
  });

  it('sets an organization secret without ever showing its value again', async () => {
    await page.goto('/secrets');
    const org = page.getByRole('region', { name: /Organization secrets/ });
    await org.getByLabel('Key').fill('SHARED_TOKEN');
    await org.getByLabel('Value').fill('value-that-must-not-come-back');
    await org.getByRole('button', { name: 'Add' }).click();
    await org.getByText(/SHARED_TOKEN added/).waitFor();
    await expect(page.content()).resolves.not.toContain('value-that-must-not-come-back');
    await shot('secrets');
  });

  it('deploys a template through the wizard and shows its live progress', async () => {
    await page.goto('/templates');
    await page.getByRole('link', { name: 'Deploy Gitea' }).click();
    await page.getByRole('heading', { name: 'Deploy Gitea' }).waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByText('DB_PASSWORD is required').waitFor();
    await page.getByRole('textbox', { name: 'Name (optional)', exact: true }).fill('my-gitea');
    await page.getByLabel(/DB_PASSWORD/).fill('s3cret-pass');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'my-gitea' }).waitFor();
    await expect(page.getByRole('list', { name: 'Progress' }).textContent()).resolves.toContain('Pending');
    await shot('deployment');

    await page.goto('/');
    await page.getByRole('link', { name: 'Details of my-gitea' }).waitFor();
    await shot('dashboard');
  });

  it('restarts and deletes the deployment', async () => {
    await page.getByRole('link', { name: 'Details of my-gitea' }).click();
    await page.getByRole('heading', { level: 1, name: 'my-gitea' }).waitFor();
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByText('Last restart').waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete my-gitea?' });
    await dialog.getByRole('button', { name: 'Delete deployment' }).click();
    await page.waitForURL(/\/deployments$/);
    await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();
    expect(pageErrors).toEqual([]);
    expect(documentCsp).toContain("frame-ancestors 'none'");
    expect(cspViolations).toEqual([]);
  });
});
