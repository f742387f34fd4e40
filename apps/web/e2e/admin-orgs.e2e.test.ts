import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiCall, buildWeb, launchBrowser, newContext, screenshotDir, startPlatform } from './harness';
import type { RunningPlatform } from './harness';

type OrgDto = { id: string; slug: string; name: string; tier: string };
type AuditPage = { items: Array<{ action: string; metadata: Record<string, unknown> }> };

/** A platform admin finds an org in the admin area, sets its tier with a reason, and checks its nodes. */
describe('the admin area', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let ctx: BrowserContext;
  let org: OrgDto;

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    platform = await startPlatform(hostEnv);
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
    ctx = (await newContext(browser, platform.base)).context;
    await apiCall(ctx, 'POST', '/dev/login', {}); // the dev user is a platform admin
    org = await apiCall<OrgDto>(ctx, 'POST', '/api/orgs', { name: 'Initech Labs' });
    await apiCall(ctx, 'POST', '/api/orgs', { name: 'Umbrella Works' });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('searches, sets a tier with its reason from the keyboard, and shows the dedicated-nodes warning', async () => {
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Admin: organizations' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Organizations' }).waitFor();
    const table = page.getByRole('table', { name: 'Organizations' });
    await table.getByText('Umbrella Works', { exact: true }).waitFor();

    await page.getByRole('searchbox', { name: 'Search by name or slug' }).fill('initech');
    await page.keyboard.press('Enter');
    await table.getByText('Umbrella Works', { exact: true }).waitFor({ state: 'detached' });
    await table.getByText('Initech Labs', { exact: true }).waitFor();
    expect(await table.getByText('Umbrella Works', { exact: true }).count()).toBe(0);

    await page.getByRole('button', { name: 'Set tier of Initech Labs' }).click();
    await page.getByLabel('Tier').selectOption('enterprise');
    await page.getByRole('button', { name: 'Set tier', exact: true }).click();
    // no reason: refused in the form, nothing sent
    await page.getByText('Say why (at least 3 characters)').waitFor();
    expect(await page.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Reason').fill('Signed the enterprise contract');
    await page.keyboard.press('Enter');
    await page.getByLabel('Reason').waitFor({ state: 'detached' });
    await table.getByRole('cell', { name: /enterprise/ }).waitFor();

    await page.getByRole('button', { name: 'Nodes of Initech Labs' }).click();
    await page.getByRole('alert').filter({ hasText: 'cannot be checked' }).waitFor();
    await page.getByText(`kubectl label node <node> k8s-scheduler.io/dedicated-org=${org.id}`).waitFor();
    await page.screenshot({ path: path.join(screenshotDir, 'admin-orgs.png'), fullPage: true });

    const audit = await apiCall<AuditPage>(ctx, 'GET', `/api/orgs/${org.id}/audit`);
    expect(audit.items.find((e) => e.action === 'org.tier.set')?.metadata).toMatchObject({
      from: 'free',
      to: 'enterprise',
      reason: 'Signed the enterprise contract',
    });
  });
});
