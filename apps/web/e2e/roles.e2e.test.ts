import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, buildWeb, launchBrowser, newContext, screenshotDir, startPlatform } from './harness';
import type { RunningPlatform } from './harness';

type Id = { id: string };

/**
 * Abilities drive the UI: in a business org with several members, a team viewer is shown no way to
 * deploy (dashboard, deployments, template gallery and template page), while a developer and the
 * org owner are.
 */
describe('what a team role may see', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  const contexts: Record<'owner' | 'developer' | 'viewer', BrowserContext> = {} as never;
  const pageErrors: string[] = [];
  let templateId = '';
  let teamId = '';

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    platform = await startPlatform(hostEnv);
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
    for (const who of ['owner', 'developer', 'viewer'] as const) {
      const ctx = await newContext(browser, platform.base);
      contexts[who] = ctx.context;
      ctx.context.on('weberror', (e) => pageErrors.push(`${who}: ${e.error().message}`));
    }
    // The dev user (a platform admin) owns the org and raises it to business so it may have members.
    await apiCall(contexts.owner, 'POST', '/dev/login', {});
    const org = await apiCall<Id & { tier: string }>(contexts.owner, 'POST', '/api/orgs', {
      name: 'Roles Inc',
    });
    expect(org.tier).toBe('free');
    const tiered = await apiCall<{ tier: string }>(contexts.owner, 'PUT', `/api/orgs/${org.id}/tier`, {
      tier: 'business',
    });
    expect(tiered.tier).toBe('business');
    const team = await apiCall<Id>(contexts.owner, 'POST', `/api/orgs/${org.id}/teams`, { name: 'Web' });
    teamId = team.id;
    await apiCall(contexts.owner, 'PUT', '/api/me/current-team', { teamId: team.id });
    // The others sign in once (so they exist), are added to the team, then pick it as current.
    for (const [who, role] of [
      ['developer', 'developer'],
      ['viewer', 'viewer'],
    ] as const) {
      const email = `${who}@example.com`;
      await apiCall(contexts[who], 'POST', '/dev/login', { email });
      const member = await apiCall<{ role: string }>(
        contexts.owner,
        'POST',
        `/api/teams/${team.id}/members`,
        { email, role },
      );
      expect(member.role).toBe(role);
      await apiCall(contexts[who], 'PUT', '/api/me/current-team', { teamId: team.id });
    }
    const templates = await apiCall<{ items: Array<Id & { name: string }> }>(
      contexts.owner,
      'GET',
      '/api/templates',
    );
    templateId = templates.items.find((t) => t.name === 'static-site')?.id ?? '';
    expect(templateId).not.toBe('');
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /**
   * Opens a page and waits until the caller's abilities on the team (GET /api/teams/:id) have
   * arrived and rendered, so an absent button means "not allowed" rather than "not loaded yet".
   */
  async function open(page: Page, url: string): Promise<void> {
    const abilities = page.waitForResponse((r) => r.url().endsWith(`/api/teams/${teamId}`) && r.ok());
    await page.goto(url);
    await abilities;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200))));
  }

  /** Visits the four places a deploy action lives; returns how many deploy actions each showed. */
  async function deployActions(page: Page, who: string, allowed: boolean): Promise<Record<string, number>> {
    const seen: Record<string, number> = {};
    const count = async (link: ReturnType<Page['getByRole']>) => {
      if (allowed) await link.first().waitFor();
      return link.count();
    };
    await open(page, '/');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.getByText('Web · Roles Inc').first().waitFor();
    seen.dashboard = await count(page.getByRole('link', { name: 'New deployment' }));
    await page.screenshot({ path: path.join(screenshotDir, `role-${who}-dashboard.png`), fullPage: true });

    await open(page, '/deployments');
    await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();
    await page.getByText('No deployments yet').waitFor();
    seen.deployments = await count(page.getByRole('link', { name: /New deployment|Choose a template/ }));

    await open(page, '/templates');
    await page.getByRole('link', { name: 'Details of Static website (nginx)' }).waitFor();
    seen.gallery = await count(page.getByRole('link', { name: /^Deploy / }));
    await page.screenshot({ path: path.join(screenshotDir, `role-${who}-templates.png`), fullPage: true });

    await open(page, `/templates/${templateId}`);
    await page.getByRole('heading', { level: 1, name: 'Static website (nginx)' }).waitFor();
    seen.template = await count(page.getByRole('link', { name: 'Deploy', exact: true }));
    return seen;
  }

  it('shows the owner and a developer the deploy actions', async () => {
    for (const who of ['owner', 'developer'] as const) {
      const page = await contexts[who].newPage();
      const seen = await deployActions(page, who, true);
      expect(seen.dashboard, who).toBe(1);
      expect(seen.deployments, who).toBe(2);
      expect(seen.gallery, who).toBeGreaterThan(0);
      expect(seen.template, who).toBe(1);
      await page.close();
    }
  });

  it('shows a viewer no deploy button anywhere, and the API refuses them too', async () => {
    const page = await contexts.viewer.newPage();
    expect(await deployActions(page, 'viewer', false)).toEqual({
      dashboard: 0,
      deployments: 0,
      gallery: 0,
      template: 0,
    });
    // What the UI hides, the API forbids.
    const res = await contexts.viewer.request.fetch('/api/deployments', {
      method: 'POST',
      headers: { 'x-requested-with': 'k8s-scheduler', 'content-type': 'application/json' },
      data: JSON.stringify({ templateId, name: 'not-allowed' }),
    });
    expect(res.status()).toBe(403);
    expect(pageErrors).toEqual([]);
  });
});
