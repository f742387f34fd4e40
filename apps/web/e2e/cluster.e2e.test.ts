import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeWithKube, kubeconfigPathOrNull } from '../../../test/setup/kube';
import { apiCall, buildWeb, launchBrowser, newContext, screenshotDir, startPlatform } from './harness';
import type { RunningPlatform } from './harness';

/**
 * The whole way to a running application: the platform in `start` mode against the run's local
 * control plane (the embedded operator reconciles, kwok makes the pods Ready), the static-site
 * template deployed through the wizard, watched until Ready, then restarted and deleted.
 */
describeWithKube('a deployment on the local control plane', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let kubeSimHome = '';
  const pageErrors: string[] = [];
  const shot = (name: string) =>
    page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  const statusBadge = () => page.getByRole('region', { name: 'Status' }).locator('span[aria-live="polite"]');

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    // An empty kube-sim home: the platform must use the run's cluster, never a developer's `local` one.
    kubeSimHome = mkdtempSync(path.join(os.tmpdir(), 'ks-web-e2e-kube-sim-'));
    platform = await startPlatform(hostEnv, {
      KUBERNETES: 'required',
      KUBECONFIG: kubeconfigPathOrNull() ?? '',
      KUBE_SIM_HOME: kubeSimHome,
    });
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
    const ctx = await newContext(browser, platform.base);
    page = await ctx.context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto('/signin?redirect=%2Fteams');
    await page.getByRole('button', { name: 'Sign in as developer' }).click();
    await page.getByRole('heading', { name: 'Create your organization' }).waitFor();
    const org = await apiCall<{ id: string }>(ctx.context, 'POST', '/api/orgs', { name: 'Cluster Co' });
    const team = await apiCall<{ id: string }>(ctx.context, 'POST', `/api/orgs/${org.id}/teams`, {
      name: 'Sites',
    });
    await apiCall(ctx.context, 'PUT', '/api/me/current-team', { teamId: team.id });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    if (kubeSimHome) rmSync(kubeSimHome, { recursive: true, force: true });
  });

  it('deploys the static site through the wizard and shows it Ready', async () => {
    await page.goto('/templates');
    await page.getByRole('link', { name: 'Deploy Static website (nginx)' }).click();
    await page.getByRole('heading', { name: 'Deploy Static website (nginx)' }).waitFor();
    await page.getByRole('textbox', { name: 'Name (optional)', exact: true }).fill('hello-site');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await shot('cluster-review');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.waitForURL(/\/deployments\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { level: 1, name: 'hello-site' }).waitFor();
    await shot('cluster-deployment-progress');
    // The status streams in over SSE (the page polls only while the stream is down): the indicator
    // says the page is live, and Pending → Provisioning → Ready arrives without a reload.
    await page.getByRole('status', { name: 'Live updates: Live' }).first().waitFor({ timeout: 30_000 });
    await statusBadge()
      .filter({ hasText: /^Ready$/ })
      .waitFor({ timeout: 120_000 });
    await shot('cluster-deployment-ready');

    await page.goto('/');
    const card = page.getByRole('link', { name: 'Details of hello-site' });
    await card.waitFor();
    await shot('cluster-dashboard');
  });

  it('restarts it (it comes back Ready) and deletes it', async () => {
    await page.getByRole('link', { name: 'Details of hello-site' }).click();
    await page.getByRole('heading', { level: 1, name: 'hello-site' }).waitFor();
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByText('Last restart').waitFor();
    await statusBadge()
      .filter({ hasText: /^Ready$/ })
      .waitFor({ timeout: 60_000 });
    await shot('cluster-deployment-restarted');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page
      .getByRole('dialog', { name: 'Delete hello-site?' })
      .getByRole('button', { name: 'Delete deployment' })
      .click();
    await page.waitForURL(/\/deployments$/);
    await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();
    // Gone from the list once the operator has finished removing it from the cluster.
    await page.getByText('No deployments yet').waitFor({ timeout: 60_000 });
    expect(pageErrors).toEqual([]);
  });
});
