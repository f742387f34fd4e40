import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server } from 'oauth2-mock-server';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, signInAs } from '../../../test/authz/factories';
import type { SecretStore } from '@k8s-scheduler/secrets';
import { createClientProviders, createDiscoveryCache } from './oauth.clients';
import { createIssuerFetch } from './oauth.egress';

/**
 * A real OIDC server behind a counting proxy on 127.0.0.1 (the issuer URL is the proxy's), so the
 * test sees how often the platform fetches discovery and keys.
 */
async function countingIdp() {
  const idp = new OAuth2Server();
  await idp.issuer.keys.generate('RS256');
  await idp.start(0, '127.0.0.1');
  const upstream = new URL(idp.issuer.url!);
  const hits = new Map<string, number>();
  const proxy = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  idp.issuer.url = url;
  idp.service.on('beforeTokenSigning', (token) => {
    Object.assign(token.payload, { sub: 'dana-sub', email: 'dana@example.com', email_verified: true });
  });
  return {
    url,
    hits: (p: string) => hits.get(p) ?? 0,
    async stop() {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await idp.stop();
    },
  };
}

describe('discovery of client issuers', () => {
  let idp: Awaited<ReturnType<typeof countingIdp>>;
  let t: TestPlatform;
  beforeAll(async () => {
    idp = await countingIdp();
    t = await startTestPlatform({ env: { SIGN_IN_RATE_LIMIT: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  async function signIn(host: string) {
    const login = await t.app.inject({ url: '/login?provider=oidc', headers: { host } });
    expect(login.statusCode, login.body).toBe(302);
    const flow = login.cookies.find((c) => c.name === 'ks_oauth')!;
    const back = await fetch(login.headers.location as string, { redirect: 'manual' });
    const done = await t.app.inject({
      url: `/oauth2/callback${new URL(back.headers.get('location')!).search}`,
      headers: { host, cookie: `ks_oauth=${flow.value}` },
    });
    expect(done.statusCode, done.body).toBe(302);
  }

  it('fetches discovery once per issuer for every client using it', async () => {
    const admin = await signInAs(t, 'dev@localhost');
    const a = await buildClient(t);
    const b = await buildClient(t);
    for (const c of [a, b]) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/admin/clients/${c.id}/oauth/oidc`,
        headers: admin.headers,
        payload: { issuer: idp.url, clientId: `app-${c.slug}`, clientSecret: `secret-${c.slug}` },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      await signIn(a.host);
      await signIn(b.host);
    }
    expect(idp.hits('/.well-known/openid-configuration')).toBe(1);
    expect(idp.hits('/token')).toBe(6);
  });
});

describe('createDiscoveryCache', () => {
  it('caches a document per issuer, refetches after the TTL, and does not cache a failure', async () => {
    const idp = await countingIdp();
    try {
      const cached = createDiscoveryCache();
      const [m1, m2] = await Promise.all([cached(idp.url), cached(idp.url)]);
      expect(m1.issuer).toBe(idp.url);
      expect(m2).toBe(m1);
      expect(idp.hits('/.well-known/openid-configuration')).toBe(1);
      const expiring = createDiscoveryCache(0);
      await expiring(idp.url);
      await expiring(idp.url);
      expect(idp.hits('/.well-known/openid-configuration')).toBe(3);

      const dead = 'http://127.0.0.1:9/';
      await expect(cached(dead)).rejects.toThrow();
      await expect(cached(dead)).rejects.toThrow();
    } finally {
      await idp.stop();
    }
  });
});

describe("the guarded fetch for a client's issuer", () => {
  let idp: Awaited<ReturnType<typeof countingIdp>>;
  beforeAll(async () => {
    idp = await countingIdp();
  });
  afterAll(async () => {
    await idp?.stop();
  });
  const port = () => new URL(idp.url).port;
  const wellKnown = '/.well-known/openid-configuration';
  const get = (fetch: ReturnType<typeof createIssuerFetch>, url: string) =>
    fetch(url, { method: 'GET', headers: {}, body: undefined, redirect: 'manual' });

  it('never connects to loopback, by literal address or by a name that resolves to it', async () => {
    const guarded = createIssuerFetch();
    const before = idp.hits(wellKnown);
    for (const url of [
      `${idp.url}${wellKnown}`,
      `http://[::ffff:7f00:1]:${port()}${wellKnown}`,
      `http://localhost:${port()}${wellKnown}`,
    ]) {
      await expect(get(guarded, url), url).rejects.toThrow();
    }
    // A name of the attacker's that resolves to loopback is refused at connect time.
    const evil = createIssuerFetch(async () => [{ address: '127.0.0.1', family: 4 }]);
    await expect(get(evil, `http://idp.evil.test:${port()}${wellKnown}`)).rejects.toThrow(/fetch failed/);
    expect(idp.hits(wellKnown)).toBe(before);
    // Discovery through the guarded fetch fails the same way (and is not cached).
    await expect(createDiscoveryCache(60_000, guarded)(idp.url)).rejects.toThrow();
    expect(idp.hits(wellKnown)).toBe(before);
  });

  it('does reach a host whose addresses pass the check (the real request path)', async () => {
    const onlyThisServer = (a: string) => a === '127.0.0.1';
    const fetch = createIssuerFetch(async () => [{ address: '127.0.0.1', family: 4 }], onlyThisServer);
    const res = await get(fetch, `http://idp.example.test:${port()}${wellKnown}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { issuer: string }).issuer).toBe(idp.url);
    const metadata = await createDiscoveryCache(60_000, fetch)(idp.url);
    expect(metadata.token_endpoint).toBe(`${idp.url}/token`);
  });

  it('refuses plain-http endpoints of the discovery document when https is required', async () => {
    const t = await startTestPlatform({ env: { SIGN_IN_RATE_LIMIT: '1000' } });
    try {
      const c = await buildClient(t);
      const admin = await signInAs(t, 'dev@localhost');
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/admin/clients/${c.id}/oauth/oidc`,
        headers: admin.headers,
        payload: { issuer: idp.url, clientId: 'app' },
      });
      expect(put.statusCode, put.body).toBe(200);
      const providers = (requireHttps: boolean) =>
        createClientProviders({
          db: t.platform.database.db,
          secrets: t.platform.services.secrets as SecretStore,
          discover: createDiscoveryCache(),
          requireHttps,
        });
      await expect(providers(true).get(c.id, 'oidc')).rejects.toThrow(/non-https/);
      expect(await providers(false).get(c.id, 'oidc')).toMatchObject({
        source: 'client',
        emailTrust: 'bind-only',
      });
      // Token, JWKS and userinfo requests of the configuration go through the guarded fetch too.
      const guarded = createIssuerFetch();
      const resolved = await createClientProviders({
        db: t.platform.database.db,
        secrets: t.platform.services.secrets as SecretStore,
        discover: createDiscoveryCache(),
        fetch: guarded,
      }).get(c.id, 'oidc');
      expect(resolved?.configuration[oidc.customFetch]).toBe(guarded);
    } finally {
      await t.close();
    }
  });
});
