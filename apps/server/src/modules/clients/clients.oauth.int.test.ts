import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../platform';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, buildOrg, buildUser, signInAs, type Actor } from '../../../test/authz/factories';
import { captureLeaks } from '../../../test/leaks';
import { clientSecretLocator } from './clients.oauth.settings';

/** One OIDC provider on 127.0.0.1 that records what the platform sends to its token endpoint. */
async function startIdp(identity: { sub: string; email: string; name: string }) {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const tokenRequests: Array<Record<string, string>> = [];
  const idp = { server, identity, tokenRequests, url: server.issuer.url!, unverified: false };
  server.service.on('beforeTokenSigning', (token) => {
    Object.assign(token.payload, { ...identity, email_verified: !idp.unverified });
  });
  server.service.on('beforeResponse', (_response, req: { body?: Record<string, string> }) => {
    tokenRequests.push({ ...(req.body ?? {}) });
  });
  return idp;
}
type Idp = Awaited<ReturnType<typeof startIdp>>;

/**
 * A client's own OAuth credentials, end to end against two real OIDC servers: the platform's and
 * the client's. Every log line is captured at trace level and every response body kept, so the
 * write-only secret can be searched for in both.
 */
describe("a white-label client's own OAuth credentials", () => {
  const capture = captureLeaks();
  const { logs, bodies, values: secretsUsed } = capture;
  const newSecret = () => capture.secret('oauth');
  let platform: Platform;
  let t: TestPlatform;
  let platformIdp: Idp;
  let clientIdp: Idp;
  let admin: Actor;

  beforeAll(async () => {
    platformIdp = await startIdp({ sub: 'p-sub', email: 'pat@platform.test', name: 'Pat' });
    clientIdp = await startIdp({ sub: 'c-sub', email: 'carol@acme.test', name: 'Carol' });
    t = await capture.startPlatform({
      OIDC_ISSUER_URL: platformIdp.url,
      OIDC_CLIENT_ID: 'platform-app',
      OIDC_CLIENT_SECRET: 'platform-secret',
      OIDC_NAME: 'Platform SSO',
      SIGN_IN_RATE_LIMIT: '1000',
    });
    platform = t.platform;
    admin = await signInAs(t, 'dev@localhost'); // the dev user is a platform admin
  });
  afterAll(async () => {
    await capture.close();
    await platformIdp?.server.stop();
    await clientIdp?.server.stop();
  });

  /** Every request of the test goes through here, so each response body is searched for secrets. */
  async function call(opts: { method?: 'GET' | 'PUT' | 'DELETE'; url: string; as: Actor; payload?: object }) {
    const res = await t.app.inject({
      method: opts.method ?? 'GET',
      url: opts.url,
      headers: opts.as.headers,
      ...(opts.payload ? { payload: opts.payload } : {}),
    });
    bodies.push(res.body);
    return res;
  }
  const oauthUrl = (clientId: string, provider = 'oidc') =>
    `/api/admin/clients/${clientId}/oauth/${provider}`;

  /** /login on `host` through the provider's authorize step, then the callback; returns its answer. */
  async function callbackThrough(host: string) {
    const login = await t.app.inject({ url: '/login?provider=oidc&redirect=/teams', headers: { host } });
    bodies.push(login.body);
    expect(login.statusCode, login.body).toBe(302);
    const authorize = new URL(login.headers.location as string);
    const flow = login.cookies.find((c) => c.name === 'ks_oauth')!;
    const back = await fetch(authorize, { redirect: 'manual' });
    const callback = new URL(back.headers.get('location')!);
    const done = await t.app.inject({
      url: `/oauth2/callback${callback.search}`,
      headers: { host, cookie: `ks_oauth=${flow.value}` },
    });
    bodies.push(done.body);
    return { authorize, done };
  }

  /** A sign-in that must succeed; returns where it went and who is signed in. */
  async function signInThrough(host: string) {
    const { authorize, done } = await callbackThrough(host);
    expect(done.statusCode, done.body).toBe(302);
    const session = done.cookies.find((c) => c.name === 'ks_session')!;
    const me = await t.app.inject({
      url: '/api/me',
      headers: { host, cookie: `ks_session=${session.value}` },
    });
    return { authorize, me: me.json() as { user: { id: string; email: string; clientId: string | null } } };
  }

  it('lets the client admin set an OIDC provider; the secret goes to the store and never comes back', async () => {
    const c = await buildClient(t, { admin: true });
    const secret = newSecret();
    const put = await call({
      method: 'PUT',
      url: oauthUrl(c.id),
      as: c.admin!,
      payload: { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: secret, displayName: 'Acme SSO' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      provider: 'oidc',
      configured: true,
      issuer: clientIdp.url,
      clientId: 'acme-app',
      displayName: 'Acme SSO',
      scopes: ['openid', 'email', 'profile'],
      clientSecret: { configured: true },
    });
    const list = await call({ url: `/api/admin/clients/${c.id}/oauth`, as: c.admin! });
    expect(list.json()).toMatchObject({
      items: [{ provider: 'oidc', clientSecret: { configured: true } }],
      abilities: ['client:read', 'client:update'],
    });
    expect((await call({ url: `/api/admin/clients/${c.id}`, as: admin })).json().oauthProviders).toEqual([
      'oidc',
    ]);
    // In the store under the client's own scope (sealed in the built-in store), not in the clients row.
    expect(await platform.services.secrets.get(clientSecretLocator(c.id, 'oidc'))).toBe(secret);
    const rows = await platform.database.db.execute<{ tier: string; org_id: string | null; sealed: boolean }>(
      sql`select s.tier, s.org_id, v.ciphertext is not null as sealed from secrets s left join secret_values v on v.secret_id = s.id where s.client_id = ${c.id}`,
    );
    const list2 = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<
      Record<string, unknown>
    >;
    expect(list2).toEqual([{ tier: 'client', org_id: null, sealed: true }]);
  });

  it("signs in on the client's host through the client's issuer and credentials; the platform host keeps the platform's", async () => {
    const c = await buildClient(t, { admin: true });
    const secret = newSecret();
    await call({
      method: 'PUT',
      url: oauthUrl(c.id),
      as: c.admin!,
      payload: { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: secret, displayName: 'Acme SSO' },
    });
    const clientCfg = (await t.app.inject({ url: '/api/config', headers: { host: c.host } })).json();
    expect(clientCfg.auth).toEqual({ dev: true, google: false, oidc: { enabled: true, name: 'Acme SSO' } });
    const platformCfg = (await t.app.inject({ url: '/api/config', headers: { host: 'localhost' } })).json();
    expect(platformCfg.auth.oidc).toEqual({ enabled: true, name: 'Platform SSO' });

    const onClient = await signInThrough(c.host);
    expect(onClient.authorize.origin).toBe(new URL(clientIdp.url).origin);
    expect(onClient.authorize.searchParams.get('client_id')).toBe('acme-app');
    expect(onClient.authorize.searchParams.get('redirect_uri')).toBe(`http://${c.host}/oauth2/callback`);
    expect(clientIdp.tokenRequests.at(-1)).toMatchObject({ client_id: 'acme-app', client_secret: secret });
    expect(onClient.me.user).toMatchObject({ email: 'carol@acme.test', clientId: c.id });

    const onPlatform = await signInThrough('localhost');
    expect(onPlatform.authorize.origin).toBe(new URL(platformIdp.url).origin);
    expect(platformIdp.tokenRequests.at(-1)).toMatchObject({
      client_id: 'platform-app',
      client_secret: 'platform-secret',
    });
    expect(onPlatform.me.user).toMatchObject({ email: 'pat@platform.test', clientId: null });

    // A client without providers of its own still signs in with the platform's (on its host).
    const plain = await buildClient(t);
    const viaPlatform = await signInThrough(plain.host);
    expect(viaPlatform.authorize.origin).toBe(new URL(platformIdp.url).origin);
    expect(viaPlatform.me.user.clientId).toBe(plain.id);
  });

  it('applies a credential change at the next sign-in; keeps, replaces and removes the secret as asked', async () => {
    const c = await buildClient(t, { admin: true });
    const first = newSecret();
    const set = (payload: object) => call({ method: 'PUT', url: oauthUrl(c.id), as: c.admin!, payload });
    await set({ issuer: clientIdp.url, clientId: 'app-1', clientSecret: first });
    const one = await signInThrough(c.host);
    expect(clientIdp.tokenRequests.at(-1)).toMatchObject({ client_id: 'app-1', client_secret: first });

    const second = newSecret();
    await set({
      issuer: clientIdp.url,
      clientId: 'app-2',
      clientSecret: second,
      scopes: ['openid', 'email'],
    });
    const two = await signInThrough(c.host);
    expect(two.authorize.searchParams.get('client_id')).toBe('app-2');
    expect(two.authorize.searchParams.get('scope')).toBe('openid email');
    expect(clientIdp.tokenRequests.at(-1)).toMatchObject({ client_id: 'app-2', client_secret: second });
    // the same person of the same issuer is the same user
    expect(two.me.user.id).toBe(one.me.user.id);

    // no secret in the body: the stored one is kept
    const kept = await set({ issuer: clientIdp.url, clientId: 'app-3' });
    expect(kept.json().clientSecret).toEqual({ configured: true });
    await signInThrough(c.host);
    expect(clientIdp.tokenRequests.at(-1)).toMatchObject({ client_id: 'app-3', client_secret: second });

    // null: a public client (PKCE only); the secret leaves the store
    const removed = await set({ issuer: clientIdp.url, clientId: 'app-4', clientSecret: null });
    expect(removed.json().clientSecret).toEqual({ configured: false });
    expect(await platform.services.secrets.get(clientSecretLocator(c.id, 'oidc'))).toBeNull();
    await signInThrough(c.host);
    expect(clientIdp.tokenRequests.at(-1)).toMatchObject({ client_id: 'app-4' });
    expect(clientIdp.tokenRequests.at(-1)).not.toHaveProperty('client_secret');
  });

  it("binds identities per issuer: the same subject at the client's issuer is not the platform issuer's user", async () => {
    const c = await buildClient(t, { admin: true });
    const viaPlatform = await signInThrough(c.host);
    expect(viaPlatform.me.user.email).toBe('pat@platform.test');
    const saved = { ...clientIdp.identity };
    Object.assign(clientIdp.identity, { sub: platformIdp.identity.sub, email: 'mallory@acme.test' });
    try {
      await call({
        method: 'PUT',
        url: oauthUrl(c.id),
        as: c.admin!,
        payload: { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: newSecret() },
      });
      const viaClient = await signInThrough(c.host);
      expect(viaClient.me.user.email).toBe('mallory@acme.test');
      expect(viaClient.me.user.id).not.toBe(viaPlatform.me.user.id);
    } finally {
      Object.assign(clientIdp.identity, saved);
    }
  });

  it("never lets the client's own issuer take over an existing account by email", async () => {
    const c = await buildClient(t, { admin: true });
    // Two accounts of the client exist: one from the platform provider, one from dev sign-in.
    const viaPlatform = await signInThrough(c.host);
    expect(viaPlatform.me.user).toMatchObject({ email: 'pat@platform.test', clientId: c.id });
    const owner = await signInAs(t, `owner-${randomUUID()}@acme.test`, c.host);
    await call({
      method: 'PUT',
      url: oauthUrl(c.id),
      as: c.admin!,
      payload: { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: newSecret() },
    });
    const saved = { ...clientIdp.identity };
    try {
      for (const [sub, email] of [
        ['forged-1', 'pat@platform.test'],
        ['forged-2', owner.email.toUpperCase()],
      ] as const) {
        Object.assign(clientIdp.identity, { sub, email });
        const { done } = await callbackThrough(c.host);
        expect(done.statusCode, done.body).toBe(409);
        expect(done.json().detail).toBe(
          `An account with this email already exists on ${c.slug}; sign in with the method you used before.`,
        );
        expect(done.cookies.find((k) => k.name === 'ks_session')).toBeUndefined();
      }
      // The refused subjects were bound to nobody: they stay refused.
      Object.assign(clientIdp.identity, { sub: 'forged-1', email: 'pat@platform.test' });
      expect((await callbackThrough(c.host)).done.statusCode).toBe(409);

      // A new email through the client's issuer is a new user, and the same (issuer, sub) comes back to it.
      Object.assign(clientIdp.identity, { sub: 'fresh-sub', email: `fresh-${randomUUID()}@acme.test` });
      const first = await signInThrough(c.host);
      expect(first.me.user).toMatchObject({ email: clientIdp.identity.email, clientId: c.id });
      expect([viaPlatform.me.user.id, owner.id]).not.toContain(first.me.user.id);
      const again = await signInThrough(c.host);
      expect(again.me.user.id).toBe(first.me.user.id);

      // An unverified email of the client's issuer creates nobody.
      clientIdp.unverified = true;
      Object.assign(clientIdp.identity, {
        sub: 'unverified-sub',
        email: `unverified-${randomUUID()}@acme.test`,
      });
      const { done } = await callbackThrough(c.host);
      expect(done.statusCode).toBe(400);
      expect(done.json().detail).toMatch(/not verified/);
    } finally {
      clientIdp.unverified = false;
      Object.assign(clientIdp.identity, saved);
    }
  });

  it('keeps custom scopes when a later save does not send them', async () => {
    const c = await buildClient(t, { admin: true });
    const set = (payload: object) => call({ method: 'PUT', url: oauthUrl(c.id), as: c.admin!, payload });
    const first = await set({
      issuer: clientIdp.url,
      clientId: 'app',
      scopes: ['openid', 'email', 'groups'],
    });
    expect(first.json().scopes).toEqual(['openid', 'email', 'groups']);
    const renamed = await set({ issuer: clientIdp.url, clientId: 'app', displayName: 'Renamed' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().scopes).toEqual(['openid', 'email', 'groups']);
    const listed = await call({ url: `/api/admin/clients/${c.id}/oauth`, as: c.admin! });
    expect(listed.json().items[0].scopes).toEqual(['openid', 'email', 'groups']);
    expect((await signInThrough(c.host)).authorize.searchParams.get('scope')).toBe('openid email groups');
    // Sending scopes still replaces them.
    expect((await set({ issuer: clientIdp.url, clientId: 'app', scopes: ['openid'] })).json().scopes).toEqual(
      ['openid'],
    );
    // A provider set for the first time without scopes gets the defaults.
    const google = await call({
      method: 'PUT',
      url: oauthUrl(c.id, 'google'),
      as: c.admin!,
      payload: { clientId: 'acme.apps.googleusercontent.com' },
    });
    expect(google.json().scopes).toEqual(['openid', 'email', 'profile']);
  });

  it('removing the provider brings back the platform sign-in and deletes the secret', async () => {
    const c = await buildClient(t, { admin: true });
    await call({
      method: 'PUT',
      url: oauthUrl(c.id),
      as: admin,
      payload: { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: newSecret() },
    });
    const del = await call({ method: 'DELETE', url: oauthUrl(c.id), as: c.admin! });
    expect(del.statusCode).toBe(204);
    expect((await call({ method: 'DELETE', url: oauthUrl(c.id), as: c.admin! })).statusCode).toBe(404);
    expect(await platform.services.secrets.get(clientSecretLocator(c.id, 'oidc'))).toBeNull();
    expect((await call({ url: `/api/admin/clients/${c.id}/oauth`, as: c.admin! })).json().items).toEqual([]);
    const cfg = (await t.app.inject({ url: '/api/config', headers: { host: c.host } })).json();
    expect(cfg.auth.oidc).toEqual({ enabled: true, name: 'Platform SSO' });
    expect((await signInThrough(c.host)).authorize.origin).toBe(new URL(platformIdp.url).origin);
  });

  it('offers a Google provider of the client instead of the platform OIDC one', async () => {
    const c = await buildClient(t, { admin: true });
    const put = await call({
      method: 'PUT',
      url: oauthUrl(c.id, 'google'),
      as: c.admin!,
      payload: { clientId: 'acme.apps.googleusercontent.com', clientSecret: newSecret() },
    });
    expect(put.json()).toMatchObject({
      provider: 'google',
      issuer: 'https://accounts.google.com',
      displayName: null,
    });
    const cfg = (await t.app.inject({ url: '/api/config', headers: { host: c.host } })).json();
    expect(cfg.auth).toMatchObject({ google: true, oidc: { enabled: false, name: null } });
    // the platform's OIDC provider is not offered on this host any more
    const res = await t.app.inject({ url: '/login?provider=oidc', headers: { host: c.host } });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/not configured/);
  });

  it('refuses bad input with problem+json', async () => {
    const c = await buildClient(t, { admin: true });
    const bad = async (provider: string, payload: object) => {
      const res = await call({ method: 'PUT', url: oauthUrl(c.id, provider), as: c.admin!, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      return res.json();
    };
    expect((await bad('oidc', { clientId: 'x', clientSecret: newSecret() })).errors).toEqual([
      expect.objectContaining({ path: 'issuer' }),
    ]);
    expect((await bad('oidc', { issuer: 'http://idp.example.com', clientId: 'x' })).code).toBe(
      'validation_failed',
    );
    expect((await bad('oidc', { issuer: 'https://idp.example.com?x=1', clientId: 'x' })).code).toBe(
      'validation_failed',
    );
    expect((await bad('oidc', { issuer: clientIdp.url, clientId: '' })).code).toBe('validation_failed');
    expect((await bad('oidc', { issuer: clientIdp.url, clientId: 'x', scopes: ['email'] })).code).toBe(
      'validation_failed',
    );
    expect((await bad('google', { issuer: 'https://evil.example.com', clientId: 'x' })).errors).toEqual([
      expect.objectContaining({ path: 'issuer' }),
    ]);
    expect((await bad('github', { clientId: 'x' })).code).toBe('validation_failed');
    // rejected bodies carrying a secret: the problem never echoes it (checked in the last test)
    expect(
      (await bad('oidc', { issuer: 'ftp://idp.example.com', clientId: 'x', clientSecret: newSecret() })).code,
    ).toBe('validation_failed');
    expect(
      (
        await bad('oidc', {
          issuer: clientIdp.url,
          clientId: 'x',
          clientSecret: `${newSecret()}${'x'.repeat(5000)}`,
        })
      ).code,
    ).toBe('validation_failed');
    expect((await bad('oidc', { clientId: 'x', clientSecret: newSecret() })).code).toBe('validation_failed');
    expect((await call({ url: `/api/admin/clients/${c.id}/oauth`, as: c.admin! })).json().items).toEqual([]);
  });

  it('allows platform admins and the client admin only; another client is not found', async () => {
    const c = await buildClient(t, { admin: true });
    const other = await buildClient(t, { admin: true });
    const payload = { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: newSecret() };
    expect((await call({ method: 'PUT', url: oauthUrl(c.id), as: admin, payload })).statusCode).toBe(200);
    expect((await call({ url: `/api/admin/clients/${c.id}/oauth`, as: admin })).statusCode).toBe(200);
    // another client's admin: 404 for every route, and nothing changed
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const url = method === 'GET' ? `/api/admin/clients/${c.id}/oauth` : oauthUrl(c.id);
      const res = await call({ method, url, as: other.admin!, ...(method === 'PUT' ? { payload } : {}) });
      expect(res.statusCode, method).toBe(404);
    }
    // users of the client without the client-admin role (an org owner included) cannot see it
    const tenant = await buildOrg(t, { clientId: c.id, host: c.host });
    const user = await buildUser(t, c.host);
    for (const who of [tenant.as.org_owner, user]) {
      expect((await call({ url: `/api/admin/clients/${c.id}/oauth`, as: who })).statusCode).toBe(404);
      expect((await call({ method: 'PUT', url: oauthUrl(c.id), as: who, payload })).statusCode).toBe(404);
      expect((await call({ method: 'DELETE', url: oauthUrl(c.id), as: who })).statusCode).toBe(404);
    }
    expect((await call({ url: `/api/admin/clients/${c.id}/oauth`, as: c.admin! })).json().items).toHaveLength(
      1,
    );
    const anonymous = await t.app.inject({ url: `/api/admin/clients/${c.id}/oauth` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('deleting the client removes its secrets from the store', async () => {
    const c = await buildClient(t);
    await call({
      method: 'PUT',
      url: oauthUrl(c.id),
      as: admin,
      payload: { issuer: clientIdp.url, clientId: 'acme-app', clientSecret: newSecret() },
    });
    expect((await call({ method: 'DELETE', url: `/api/admin/clients/${c.id}`, as: admin })).statusCode).toBe(
      204,
    );
    expect(await platform.services.secrets.get(clientSecretLocator(c.id, 'oidc'))).toBeNull();
  });

  it('never shows a client secret in a response, a log line, the audit log or the clients table', async () => {
    expect(secretsUsed.size).toBeGreaterThan(5);
    // Control: the capture sees what the platform logs, including these routes.
    const all = logs.join('\n');
    expect(all).toContain('/oauth/oidc');
    expect(all).toContain('signed in');
    const audit = await platform.database.db.execute<{ text: string }>(
      sql`select coalesce(json_agg(a), '[]')::text as text from audit_log a where action like 'client.oauth.%'`,
    );
    const clientsRows = await platform.database.db.execute<{ text: string }>(
      sql`select coalesce(json_agg(c), '[]')::text as text from clients c`,
    );
    const text = (r: unknown) =>
      ((Array.isArray(r) ? r : (r as { rows: Array<{ text: string }> }).rows)[0] as { text: string }).text;
    const auditText = text(audit);
    expect(auditText).toContain('client.oauth.set');
    expect(auditText).toContain('client.oauth.remove');
    const haystacks = {
      logs: all,
      responses: bodies.join('\n'),
      audit: auditText,
      clients: text(clientsRows),
    };
    for (const secret of secretsUsed)
      for (const [where, hay] of Object.entries(haystacks))
        expect(hay.includes(secret), `${where}`).toBe(false);
  });
});

describe('client OAuth credentials on PostgreSQL', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'postgres' });
  });
  afterAll(async () => t?.close());

  it('stores, replaces and removes the secret in the client scope of the store', async () => {
    const admin = await signInAs(t, 'dev@localhost');
    const c = await buildClient(t);
    const url = `/api/admin/clients/${c.id}/oauth/oidc`;
    const put = (clientSecret: string | null) =>
      t.app.inject({
        method: 'PUT',
        url,
        headers: admin.headers,
        payload: { issuer: 'https://login.acme.test', clientId: 'acme-app', clientSecret },
      });
    expect((await put('first-secret')).statusCode).toBe(200);
    expect((await put('second-secret')).json().clientSecret).toEqual({ configured: true });
    const store = t.platform.services.secrets;
    expect(await store.get(clientSecretLocator(c.id, 'oidc'))).toBe('second-secret');
    expect((await put(null)).json().clientSecret).toEqual({ configured: false });
    expect(await store.get(clientSecretLocator(c.id, 'oidc'))).toBeNull();
    expect((await t.app.inject({ method: 'DELETE', url, headers: admin.headers })).statusCode).toBe(204);
  });
});
