import path from 'node:path';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiCall, buildWeb, launchBrowser, newContext, screenshotDir, startPlatform } from './harness';
import type { RunningPlatform } from './harness';

type Me = { user: { email: string; name: string } };

/**
 * Sign-in through a real OpenID Connect provider (oauth2-mock-server on 127.0.0.1, which approves
 * every authorization request) in headless Chromium: the sign-in button, the provider round trip
 * (discovery, PKCE, state, nonce, ID token) and the return to the page first asked for.
 */
describe('sign-in through an OIDC provider', () => {
  let idp: OAuth2Server;
  /** Only OIDC, as a production installation would be. */
  let sso: RunningPlatform;
  /** OIDC next to dev sign-in. */
  let both: RunningPlatform;
  let browser: Browser;
  let identity = { sub: 'alice-sub', email: 'alice@example.com', name: 'Alice Example' };

  beforeAll(async () => {
    const hostEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root' };
    buildWeb(hostEnv);
    idp = new OAuth2Server();
    await idp.issuer.keys.generate('RS256');
    await idp.start(0, '127.0.0.1');
    // The claims of the ID token are the identity the next sign-in will have.
    idp.service.on('beforeTokenSigning', (token) => {
      Object.assign(token.payload, { ...identity, email_verified: true });
    });
    const oidcEnv = {
      OIDC_ISSUER_URL: idp.issuer.url ?? '',
      OIDC_CLIENT_ID: 'k8s-scheduler',
      OIDC_CLIENT_SECRET: 'oidc-secret',
      OIDC_NAME: 'Acme SSO',
      SIGN_IN_RATE_LIMIT: '100',
    };
    [sso, both] = await Promise.all([
      startPlatform(hostEnv, { ...oidcEnv, DEV_MODE: 'false' }),
      startPlatform(hostEnv, { ...oidcEnv, DEV_MODE: 'true' }),
    ]);
    browser = await launchBrowser(process.env.CHROMIUM_PATH);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([sso?.stop(), both?.stop()]);
    await idp?.stop();
  });

  const providerButton = (page: Page) => page.getByRole('link', { name: 'Continue with Acme SSO' });

  it('signs in with the provider button and returns to the protected page asked for, signed in', async () => {
    identity = { sub: 'alice-sub', email: 'alice@example.com', name: 'Alice Example' };
    const { context, pageErrors } = await newContext(browser, sso.base);
    const page = await context.newPage();
    await page.goto('/deployments');
    await page.waitForURL(/\/signin\?redirect=%2Fdeployments$/);
    await providerButton(page).waitFor();
    await expect(page.getByRole('button', { name: 'Sign in as developer' }).count()).resolves.toBe(0);
    await expect(page.getByText('Development mode').count()).resolves.toBe(0);
    await expect(providerButton(page).getAttribute('href')).resolves.toBe(
      '/login?provider=oidc&redirect=%2Fdeployments',
    );
    await page.screenshot({ path: path.join(screenshotDir, 'signin-oidc.png'), fullPage: true });

    // The browser goes to the provider (another origin) and comes back through /oauth2/callback.
    const visitedProvider = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer.url}/authorize?`));
    await providerButton(page).click();
    await visitedProvider;
    await page.waitForURL(`${sso.base}/deployments`);
    await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();

    const account = page.getByRole('button', { name: /Alice Example.*account menu/ });
    await expect(account.textContent()).resolves.toContain('Alice Example');
    await account.click();
    const menu = page.getByRole('menu', { name: 'Account' });
    await expect(menu.textContent()).resolves.toContain('alice@example.com');
    await page.screenshot({ path: path.join(screenshotDir, 'signed-in-oidc.png'), fullPage: true });

    const me = await apiCall<Me>(context, 'GET', '/api/me');
    expect(me.user).toMatchObject({ email: 'alice@example.com', name: 'Alice Example' });
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('keeps the redirect, query included, through /login and the provider round trip', async () => {
    identity = { sub: 'bob-sub', email: 'bob@example.com', name: 'Bob Builder' };
    const { context, pageErrors } = await newContext(browser, sso.base);
    const page = await context.newPage();
    await page.goto('/signin?redirect=%2Fteams%3Fview%3Dall');
    await expect(providerButton(page).getAttribute('href')).resolves.toBe(
      '/login?provider=oidc&redirect=%2Fteams%3Fview%3Dall',
    );
    await providerButton(page).click();
    await page.waitForURL(`${sso.base}/teams?view=all`);
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    await page.getByRole('button', { name: /Bob Builder.*account menu/ }).waitFor();
    await context.close();

    // Straight to the server's /login, as a bookmarked or scripted sign-in would.
    const direct = await newContext(browser, sso.base);
    const page2 = await direct.context.newPage();
    await page2.goto('/login?provider=oidc&redirect=%2Fsecrets');
    await page2.waitForURL(`${sso.base}/secrets`);
    await page2.getByRole('heading', { level: 1, name: 'Secrets' }).waitFor();
    expect([...pageErrors, ...direct.pageErrors]).toEqual([]);
    await direct.context.close();
  });

  it('refuses a redirect to another site: the sign-in lands on the dashboard', async () => {
    identity = { sub: 'carol-sub', email: 'carol@example.com', name: 'Carol' };
    const { context, pageErrors } = await newContext(browser, sso.base);
    const page = await context.newPage();
    await page.goto('/signin?redirect=%2F%2Fevil.example');
    await expect(providerButton(page).getAttribute('href')).resolves.toBe(
      '/login?provider=oidc&redirect=%2F',
    );
    await providerButton(page).click();
    await page.waitForURL(`${sso.base}/`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Carol' }).waitFor();

    // The server refuses it too when /login is called with it directly.
    for (const bad of ['//evil.example', 'https://evil.example/']) {
      const res = await context.request.get(`/login?provider=oidc&redirect=${encodeURIComponent(bad)}`, {
        maxRedirects: 0,
      });
      expect(res.status(), bad).toBe(400);
    }
    expect(new URL(page.url()).host).toBe(new URL(sso.base).host);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('offers the provider next to dev sign-in when both are enabled, and the provider works', async () => {
    identity = { sub: 'dana-sub', email: 'dana@example.com', name: 'Dana' };
    const { context, pageErrors } = await newContext(browser, both.base);
    const page = await context.newPage();
    await page.goto('/signin?redirect=%2Fsettings');
    await providerButton(page).waitFor();
    await page.getByRole('button', { name: 'Sign in as developer' }).waitFor();
    await expect(page.getByRole('note').textContent()).resolves.toMatch(/Dev mode/i);
    await page.screenshot({ path: path.join(screenshotDir, 'signin-oidc-and-dev.png'), fullPage: true });
    await providerButton(page).click();
    await page.waitForURL(`${both.base}/settings`);
    await page.getByRole('button', { name: /Dana.*account menu/ }).waitFor();
    expect((await apiCall<Me>(context, 'GET', '/api/me')).user.email).toBe('dana@example.com');
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
