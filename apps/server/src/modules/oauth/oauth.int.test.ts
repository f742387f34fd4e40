import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient } from '../../../test/authz/factories';

/** End to end against a real OIDC server on 127.0.0.1: discovery, PKCE, state, nonce, ID token. */
describe('OIDC sign-in', () => {
  let idp: OAuth2Server;
  let t: TestPlatform;
  let identity = { sub: 'alice-sub', email: 'alice@example.com', name: 'Alice' };

  beforeAll(async () => {
    idp = new OAuth2Server();
    await idp.issuer.keys.generate('RS256');
    await idp.start(0, '127.0.0.1');
    idp.service.on('beforeTokenSigning', (token) => {
      Object.assign(token.payload, {
        sub: identity.sub,
        email: identity.email,
        email_verified: true,
        name: identity.name,
      });
    });
    t = await startTestPlatform({
      env: {
        OIDC_ISSUER_URL: idp.issuer.url!,
        OIDC_CLIENT_ID: 'k8s-scheduler',
        OIDC_CLIENT_SECRET: 'oidc-secret',
        SIGN_IN_RATE_LIMIT: '100',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  /** Starts at /login, lets the provider authorize, and returns the callback request to make. */
  async function startLogin(redirect = '/teams', host = 'localhost') {
    const login = await t.app.inject({
      url: `/login?provider=oidc&redirect=${encodeURIComponent(redirect)}`,
      headers: { host },
    });
    expect(login.statusCode).toBe(302);
    const authorize = new URL(login.headers.location as string);
    expect(authorize.origin).toBe(idp.issuer.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const flowCookie = login.cookies.find((c) => c.name === 'ks_oauth')!;
    expect(flowCookie.httpOnly).toBe(true);
    const back = await fetch(authorize, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const callback = new URL(back.headers.get('location')!);
    expect(callback.pathname).toBe('/oauth2/callback');
    return { callback, cookie: `ks_oauth=${flowCookie.value}`, host };
  }

  const callbackRequest = (
    c: { callback: URL; cookie: string; host: string },
    search = c.callback.search,
    cookie = c.cookie,
  ) => t.app.inject({ url: `/oauth2/callback${search}`, headers: { cookie, host: c.host } });

  it('signs in, creates the user once, rotates the session and returns to the redirect path', async () => {
    identity = { sub: 'alice-sub', email: 'alice@example.com', name: 'Alice' };
    const before = await t.signIn('someone-else@example.com');
    const flow = await startLogin('/invitations/abc123');
    const res = await callbackRequest(flow, flow.callback.search, `${flow.cookie}; ${before}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/invitations/abc123');
    const session = res.cookies.find((c) => c.name === 'ks_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(`ks_session=${session.value}`).not.toBe(before);
    // the old session id is destroyed at sign-in
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: before } })).statusCode).toBe(401);
    const me = (
      await t.app.inject({ url: '/api/me', headers: { cookie: `ks_session=${session.value}` } })
    ).json();
    expect(me.user).toMatchObject({ email: 'alice@example.com', name: 'Alice' });

    const again = await startLogin('/');
    const res2 = await callbackRequest(again);
    const me2 = (
      await t.app.inject({
        url: '/api/me',
        headers: { cookie: `ks_session=${res2.cookies.find((c) => c.name === 'ks_session')!.value}` },
      })
    ).json();
    expect(me2.user.id).toBe(me.user.id);
  });

  it('rejects a wrong state without signing in', async () => {
    const flow = await startLogin();
    const search = new URLSearchParams(flow.callback.search);
    search.set('state', 'forged-state-value');
    const res = await callbackRequest(flow, `?${search.toString()}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.cookies.find((c) => c.name === 'ks_session')).toBeUndefined();
  });

  it('rejects a replayed code and a callback without the flow cookie', async () => {
    const flow = await startLogin();
    expect((await callbackRequest(flow)).statusCode).toBe(302);
    const replay = await callbackRequest(flow);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().detail).toMatch(/expired or was already used/);
    const flow2 = await startLogin();
    expect((await callbackRequest(flow2, flow2.callback.search, '')).statusCode).toBe(400);
  });

  it("sends a person's browser back to the sign-in page with our own reason, and signs nobody in", async () => {
    const html = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };
    const pageOf = (res: { statusCode: number; headers: Record<string, unknown> }) => {
      expect(res.statusCode).toBe(302);
      const target = new URL(res.headers.location as string, 'http://x');
      expect(target.pathname).toBe('/signin');
      return Object.fromEntries(target.searchParams);
    };
    const flow = await startLogin('/teams');
    const state = flow.callback.searchParams.get('state')!;
    const lure = 'Your account is locked, call +1 555 0100 now';
    const refused = await t.app.inject({
      url: `/oauth2/callback?error=access_denied&error_description=${encodeURIComponent(lure)}&state=${state}`,
      headers: { cookie: flow.cookie, host: flow.host, ...html },
    });
    // Only our own sentence for the provider's error code; its description is not reflected.
    expect(pageOf(refused)).toEqual({
      error: 'bad_request',
      error_description: 'You cancelled the sign-in or the provider refused it.',
    });
    expect(refused.headers.location).not.toContain('locked');
    expect(refused.cookies.find((c) => c.name === 'ks_session')).toBeUndefined();
    // The flow was consumed: coming back with its code now is a replay, shown the same way.
    const replay = await t.app.inject({
      url: `/oauth2/callback${flow.callback.search}`,
      headers: { cookie: flow.cookie, host: flow.host, ...html },
    });
    expect(pageOf(replay).error_description).toMatch(/expired or was already used/);

    // Any other error code gets the general sentence.
    const other = await startLogin('/teams');
    const failed = await t.app.inject({
      url: `/oauth2/callback?error=server_error&error_description=${encodeURIComponent(lure)}&state=${other.callback.searchParams.get('state')}`,
      headers: { cookie: other.cookie, host: other.host, ...html },
    });
    expect(pageOf(failed).error_description).toBe('The identity provider could not complete the sign-in.');
  });

  it('a forged error link (wrong state) does not end the pending sign-in', async () => {
    const flow = await startLogin('/teams');
    const forged = await t.app.inject({
      url: '/oauth2/callback?error=access_denied&error_description=gotcha&state=forged',
      headers: { cookie: flow.cookie, host: flow.host },
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().detail).toMatch(/could not be verified/);
    expect(forged.body).not.toContain('gotcha');
    // The browser keeps its sign-in (under a new flow cookie) and completes it with the real callback.
    const kept = forged.cookies.find((c) => c.name === 'ks_oauth' && c.value);
    expect(kept).toBeDefined();
    const done = await callbackRequest(flow, flow.callback.search, `ks_oauth=${kept!.value}`);
    expect(done.statusCode, done.body).toBe(302);
    expect(done.headers.location).toBe('/teams');
    expect(done.cookies.find((c) => c.name === 'ks_session')).toBeDefined();
  });

  it('refuses redirects that leave the site', async () => {
    for (const bad of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/ok\n',
    ]) {
      const res = await t.app.inject({ url: `/login?provider=oidc&redirect=${encodeURIComponent(bad)}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().code).toBe('validation_failed');
    }
    expect((await t.app.inject('/login?provider=google')).statusCode).toBe(400);
  });

  it('binds identities to the client of the host', async () => {
    identity = { sub: 'bob-sub', email: 'bob@example.com', name: 'Bob' };
    const c = await buildClient(t);
    const direct = await callbackRequest(await startLogin('/'));
    const onClient = await callbackRequest(await startLogin('/', c.host));
    const cookieOf = (r: typeof direct) =>
      `ks_session=${r.cookies.find((x) => x.name === 'ks_session')!.value}`;
    const meDirect = (await t.app.inject({ url: '/api/me', headers: { cookie: cookieOf(direct) } })).json();
    const meClient = (
      await t.app.inject({ url: '/api/me', headers: { cookie: cookieOf(onClient), host: c.host } })
    ).json();
    expect(meClient.user.clientId).toBe(c.id);
    expect(meDirect.user.clientId).toBeNull();
    expect(meClient.user.id).not.toBe(meDirect.user.id);
    // a session of one client is void on another host
    expect((await t.app.inject({ url: '/api/me', headers: { cookie: cookieOf(onClient) } })).statusCode).toBe(
      401,
    );
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 problem+json after the allowed attempts per minute', async () => {
    const t = await startTestPlatform({ env: { SIGN_IN_RATE_LIMIT: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await t.app.inject('/login?provider=oidc')).statusCode);
      expect(codes).toEqual([400, 400, 400, 429]);
      const limited = await t.app.inject('/login?provider=oidc');
      expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
      const dev = async () =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/dev/login',
            headers: { 'x-requested-with': 'x' },
            payload: { email: 'rl@example.com' },
          })
        ).statusCode;
      expect([await dev(), await dev(), await dev(), await dev()]).toEqual([200, 200, 200, 429]);
    } finally {
      await t.close();
    }
  });

  it('counts per IP only: another email from the same IP gets no new attempts (README)', async () => {
    const t = await startTestPlatform({ env: { SIGN_IN_RATE_LIMIT: '2' } });
    try {
      const dev = async (email: string, ip = '203.0.113.7') =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/dev/login',
            remoteAddress: ip,
            headers: { 'x-requested-with': 'x' },
            payload: { email },
          })
        ).statusCode;
      const codes = [await dev('a@example.com'), await dev('b@example.com'), await dev('c@example.com')];
      expect(codes).toEqual([200, 200, 429]);
      // Another IP has its own count.
      expect(await dev('c@example.com', '203.0.113.8')).toBe(200);
    } finally {
      await t.close();
    }
  });
});
