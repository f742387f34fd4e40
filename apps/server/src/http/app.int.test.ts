import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/harness';
import { startMetricsServer } from './metrics.server';

describe.each(['pglite', 'postgres'] as const)('HTTP foundation on %s', (db) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db });
  });
  afterAll(async () => t?.close());

  it('answers /health and /readyz', async () => {
    expect((await t.app.inject('/health')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.database.ok).toBe(true);
  });

  it('serves an OpenAPI 3 document generated from the schemas', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/me'].get.responses['200']).toBeDefined();
    expect(doc.paths['/dev/login'].post.requestBody).toBeDefined();
    for (const [p, ops] of Object.entries<Record<string, { responses?: unknown }>>(doc.paths)) {
      for (const op of Object.values(ops)) expect(op.responses, p).toBeDefined();
    }
  });

  it('serves Prometheus metrics on their own listener, not on the API port', async () => {
    await t.app.inject('/health');
    const onApi = await t.app.inject('/metrics');
    expect(onApi.statusCode).toBe(404);
    expect(onApi.headers['content-type']).toContain('application/problem+json');
    expect(onApi.json()).toMatchObject({ status: 404, code: 'not_found' });

    const metrics = await startMetricsServer({ registry: t.platform.registry, host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      expect(text).toContain('http_request_duration_seconds_bucket');
      expect(text).toContain('process_resident_memory_bytes');
      expect((await fetch(`http://127.0.0.1:${metrics.port}/api/config`)).status).toBe(404);
    } finally {
      await metrics.close();
    }
  });

  it('answers 401 problem+json without a session, and /api/me after dev sign-in', async () => {
    const anon = await t.app.inject('/api/me');
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toContain('application/problem+json');
    expect(anon.json()).toMatchObject({ status: 401, code: 'unauthenticated', title: 'Unauthorized' });
    expect(anon.json().requestId).toBe(anon.headers['x-request-id']);

    const cookie = await t.signIn();
    const me = await t.app.inject({ url: '/api/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('dev@localhost');
    expect(me.json().devMode).toBe(true);

    // signing in again reuses the user
    const again = await t.app.inject({ url: '/api/me', headers: { cookie: await t.signIn() } });
    expect(again.json().user.id).toBe(me.json().user.id);
  });

  it('lists every validation issue', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/dev/login',
      headers: { 'x-requested-with': 'k8s-scheduler' },
      payload: { email: 'not-an-email', name: '' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.name']);
  });

  it('rejects cross-site state changes on cookie sessions and destroys the session at logout', async () => {
    const cookie = await t.signIn();
    const evil = await t.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().code).toBe('csrf_rejected');
    const bare = await t.app.inject({ method: 'POST', url: '/logout', headers: { cookie } });
    expect(bare.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie, 'x-requested-with': 'k8s-scheduler' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const res = await t.app.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});

describe('dev sign-in when dev mode is off', () => {
  it('is refused with a clear problem', async () => {
    const t = await startTestPlatform({ env: { DEV_MODE: 'false' } });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/dev/login',
        headers: { 'x-requested-with': 'x' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'dev_login_disabled' });
      expect((await t.app.inject('/api/config')).json().devMode).toBe(false);
    } finally {
      await t.close();
    }
  });
});
