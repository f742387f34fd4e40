import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiCall, buildWeb, launchBrowser, newContext, screenshotDir, startPlatform } from './harness';
import type { RunningPlatform } from './harness';

const ACME_HOST = 'acme.e2e-clients.com';
type ClientDto = { id: string; slug: string; name: string; branding: { name: string } };

/**
 * A client admin manages its own white-label client from the UI. The client is served on
 * `acme.e2e-clients.com` (a client may not claim reserved names such as `*.localhost`): the browser
 * maps that name to the loopback address (`--host-resolver-rules`), so it reaches the platform under
 * the client's host (and the server resolves the client from the Host header). Node cannot resolve
 * that name, so everything the client admin does goes through the browser page.
 */
describe('a client admin manages its client', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let platformCtx: BrowserContext;
  let adminCtx: BrowserContext;
  const pageErrors: string[] = [];
  let acme: ClientDto;
  let other: ClientDto;
  let clientBase = '';

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    platform = await startPlatform(hostEnv);
    browser = await launchBrowser(process.env.CHROMIUM_PATH, [ACME_HOST]);
    const port = new URL(platform.base).port;
    clientBase = `http://${ACME_HOST}:${port}`;
    const p = await newContext(browser, platform.base);
    platformCtx = p.context;
    const a = await newContext(browser, clientBase);
    adminCtx = a.context;
    adminCtx.on('weberror', (e) => pageErrors.push(e.error().message));

    // The dev user is a platform admin: two clients, one on ACME_HOST.
    await apiCall(platformCtx, 'POST', '/dev/login', {});
    acme = await apiCall<ClientDto>(platformCtx, 'POST', '/api/admin/clients', {
      slug: 'acme',
      name: 'Acme Cloud',
      branding: { name: 'Acme Cloud', primaryColor: '#0f766e' },
      domains: [ACME_HOST],
    });
    other = await apiCall<ClientDto>(platformCtx, 'POST', '/api/admin/clients', {
      slug: 'globex',
      name: 'Globex',
      domains: ['globex.e2e-clients.com'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  async function settle(page: Page) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 200))));
  }

  it("signs in on the client's host, sees only its client and renames its branding", async () => {
    const page = await adminCtx.newPage();
    await page.goto('/');
    // The sign-in page of the client's host carries the client's branding.
    await page.getByText('Acme Cloud').first().waitFor();
    await page.getByText('Use another identity').click();
    await page.getByLabel('Email').fill('ops@acme.test');
    await page.getByRole('button', { name: 'Sign in with this identity' }).click();
    await page.getByRole('navigation').first().waitFor();
    // Not an admin yet: no admin entry.
    await settle(page);
    expect(await page.getByRole('link', { name: 'Admin: clients' }).count()).toBe(0);

    // A platform admin names the user (now a user of the client) its admin.
    await apiCall(platformCtx, 'POST', `/api/admin/clients/${acme.id}/admins`, { email: 'ops@acme.test' });
    await page.reload();
    await page.getByRole('link', { name: 'Admin: clients' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    const cards = page
      .getByRole('list', { name: 'Clients' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) });
    await cards.first().waitFor();
    expect(await cards.count()).toBe(1);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Acme Cloud']);
    expect(await page.getByText('Globex').count()).toBe(0);
    // A client admin neither creates nor deletes clients.
    expect(await page.getByRole('button', { name: 'New client' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0);

    // The branding form is open for the only client: rename it.
    const form = page.getByRole('form', { name: 'Branding of Acme Cloud' });
    await form.getByLabel('Display name').fill('Acme Platform');
    await form.getByRole('button', { name: 'Save branding' }).click();
    await page.getByText('Branding saved.').waitFor();
    await page.getByText('shown as “Acme Platform”').waitFor();
    // The shell of the client's host takes the new name at once (the public config is refetched).
    await page.getByText('Acme Platform', { exact: true }).first().waitFor();

    // The other sections follow the abilities: domains editable, admins listed but not added.
    await page.getByRole('button', { name: 'Admins' }).click();
    await page.getByRole('list', { name: 'Admins of Acme Cloud' }).getByText('ops@acme.test').waitFor();
    expect(await page.getByRole('button', { name: 'Make admin' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Domains' }).click();
    await page.getByRole('list', { name: 'Domains of Acme Cloud' }).getByText(ACME_HOST).waitFor();
    await page.getByRole('button', { name: 'Plans' }).click();
    await page.getByRole('list', { name: 'Plans of Acme Cloud' }).getByText('Enterprise').waitFor();
    expect(await page.getByRole('button', { name: /^Edit the .* plan$/ }).count()).toBe(3);
    await page.getByRole('button', { name: 'Branding' }).click();
    await form.waitFor();
    await settle(page);
    await page.screenshot({ path: path.join(screenshotDir, 'clients-client-admin.png'), fullPage: true });

    // The server agrees: the branding changed, and the other client is untouched.
    const after = await apiCall<ClientDto>(platformCtx, 'GET', `/api/admin/clients/${acme.id}`);
    expect(after.branding.name).toBe('Acme Platform');
    expect(
      (await apiCall<ClientDto>(platformCtx, 'GET', `/api/admin/clients/${other.id}`)).branding.name,
    ).toBe('Globex');
    // What the page listed is what the API gives the client admin.
    const listed = await page.evaluate(async () => {
      const res = await fetch('/api/admin/clients');
      return (await res.json()) as { items: Array<{ id: string }> };
    });
    expect(listed.items.map((c) => c.id)).toEqual([acme.id]);
    expect(pageErrors).toEqual([]);
  });
});
