/**
 * Accessibility of every page of the app, checked by axe-core in headless Chromium against the real
 * platform: no serious or critical violation. The pages are read from the router
 * (src/app/router.tsx), so a page added later is checked too — a route whose parameters this file
 * cannot fill fails the test until it learns them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, buildWeb, launchBrowser, startPlatform, type RunningPlatform } from './harness';

const here = path.dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every `path:` of the router, as absolute paths (children of '/' are relative). */
function routerPaths(): string[] {
  const source = readFileSync(path.join(here, '../src/app/router.tsx'), 'utf8');
  const paths = [...source.matchAll(/path:\s*'([^']*)'/g)].map((m) => m[1]!);
  return [...new Set(paths.map((p) => (p.startsWith('/') ? p : `/${p}`)))].filter((p) => p !== '/*');
}

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

async function audit(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return ((result as { violations: Violation[] }).violations ?? []).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}

describe('accessibility of every page (axe-core)', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let context: BrowserContext;
  const params: Record<string, string> = {};

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    platform = await startPlatform(hostEnv);
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
    // axe is injected as an inline script, which the app's CSP (rightly) refuses: bypass it here only.
    context = await browser.newContext({
      baseURL: platform.base,
      bypassCSP: true,
      viewport: { width: 1280, height: 900 },
    });
    await apiCall(context, 'POST', '/dev/login', {});
    const org = await apiCall<{ id: string }>(context, 'POST', '/api/orgs', { name: 'Axe Co' });
    await apiCall(context, 'PUT', `/api/orgs/${org.id}/tier`, {
      tier: 'business',
      reason: 'a11y test',
    }).catch(() => apiCall(context, 'PUT', `/api/orgs/${org.id}/tier`, { tier: 'business' }));
    const team = await apiCall<{ id: string }>(context, 'POST', `/api/orgs/${org.id}/teams`, { name: 'Web' });
    await apiCall(context, 'PUT', '/api/me/current-team', { teamId: team.id });
    const templates = await apiCall<{ items: { id: string; name: string }[] }>(
      context,
      'GET',
      '/api/templates?search=static-site',
    );
    const template = templates.items[0]!;
    const deployment = await apiCall<{ id: string }>(context, 'POST', '/api/deployments', {
      teamId: team.id,
      templateId: template.id,
      name: 'axe-site',
    });
    Object.assign(params, {
      orgId: org.id,
      teamId: team.id,
      templateId: template.id,
      id: deployment.id,
      token: 'no-such-invitation-token',
    });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
  });

  it('finds no serious or critical violation on any route', async () => {
    const page = await context.newPage();
    const found: Record<string, string[]> = {};
    const routes = routerPaths();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      // `:id` means the deployment on deployments/:id and the template on templates/:id.
      const url = route.replace(/:(\w+)/g, (_, name: string) => {
        const key = name === 'id' && route.startsWith('/templates') ? 'templateId' : name;
        const value = params[key];
        if (!value) throw new Error(`a11y test: no value for :${name} of ${route}; add it to params`);
        return value;
      });
      await page.goto(url);
      await page.waitForLoadState('networkidle');
      await page
        .locator('main, [role="main"], form')
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => undefined);
      const violations = await audit(page);
      if (violations.length) {
        found[route] = violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        );
      }
    }
    expect(found).toEqual({});
  });
});
