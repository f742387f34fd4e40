import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVaultStore } from './vault.store';

/**
 * Vault KV v2 at its HTTP boundary: a small server speaking Vault's protocol (paths
 * `/v1/<mount>/data/<path>`, `X-Vault-Token`, check-and-set versions, `/v1/auth/kubernetes/login`)
 * that rejects anything malformed, so the client's request format is what is tested.
 */
interface Recorded {
  method: string;
  url: string;
  token: string | undefined;
  namespace: string | undefined;
  body: unknown;
}

function fakeVault(opts: {
  mount: string;
  rootToken: string;
  k8s: { role: string; jwt: string; token: string };
}) {
  const kv = new Map<string, { data: Record<string, string>; version: number }>();
  const requests: Recorded[] = [];
  const validTokens = new Set([opts.rootToken]);
  const readBody = (req: IncomingMessage) =>
    new Promise<unknown>((resolve) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => resolve(raw ? (JSON.parse(raw) as unknown) : undefined));
    });
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const token = req.headers['x-vault-token'] as string | undefined;
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      token,
      namespace: req.headers['x-vault-namespace'] as string | undefined,
      body,
    });
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    const url = new URL(req.url ?? '/', 'http://vault');
    if (url.pathname === '/v1/sys/health')
      return send(200, { initialized: true, sealed: false, standby: false });
    if (url.pathname === '/v1/auth/kubernetes/login' && req.method === 'POST') {
      const b = body as { role?: string; jwt?: string };
      if (b.role !== opts.k8s.role || b.jwt !== opts.k8s.jwt)
        return send(403, { errors: ['permission denied'] });
      validTokens.add(opts.k8s.token);
      return send(200, { auth: { client_token: opts.k8s.token, lease_duration: 3600, renewable: true } });
    }
    if (!token || !validTokens.has(token)) return send(403, { errors: ['permission denied'] });
    if (url.pathname === '/v1/auth/token/lookup-self') return send(200, { data: { id: token } });
    const dataPrefix = `/v1/${opts.mount}/data/`;
    const metaPrefix = `/v1/${opts.mount}/metadata/`;
    if (url.pathname.startsWith(dataPrefix)) {
      const key = decodeURIComponent(url.pathname.slice(dataPrefix.length));
      if (req.method === 'GET') {
        const doc = kv.get(key);
        if (!doc) return send(404, { errors: [] });
        return send(200, { data: { data: doc.data, metadata: { version: doc.version, destroyed: false } } });
      }
      if (req.method === 'POST' || req.method === 'PUT') {
        const b = body as { data?: unknown; options?: { cas?: number } };
        if (!b?.data || typeof b.data !== 'object') return send(400, { errors: ['no data provided'] });
        const current = kv.get(key);
        if (b.options?.cas !== undefined && b.options.cas !== (current?.version ?? 0)) {
          return send(400, { errors: ['check-and-set parameter did not match the current version'] });
        }
        const version = (current?.version ?? 0) + 1;
        kv.set(key, { data: b.data as Record<string, string>, version });
        return send(200, { data: { version } });
      }
    }
    if (url.pathname.startsWith(metaPrefix) && req.method === 'DELETE') {
      kv.delete(decodeURIComponent(url.pathname.slice(metaPrefix.length)));
      return send(204);
    }
    return send(404, { errors: [`no handler for ${req.method} ${url.pathname}`] });
  });
  return { server, kv, requests, validTokens };
}

describe('Vault KV v2 store', () => {
  const k8s = { role: 'k8s-scheduler', jwt: 'sa-jwt-from-file', token: 'hvs.k8s-login-token' };
  const vault = fakeVault({ mount: 'kv-platform', rootToken: 'hvs.root-token', k8s });
  let address = '';
  const orgId = '11111111-1111-4111-8111-111111111111';
  const deploymentId = '22222222-2222-4222-8222-222222222222';

  beforeAll(async () => {
    await new Promise<void>((resolve) => vault.server.listen(0, '127.0.0.1', resolve));
    address = `http://127.0.0.1:${(vault.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => vault.server.close(() => resolve())));
  beforeEach(() => {
    vault.requests.length = 0;
  });

  const tokenStore = () =>
    createVaultStore({
      address,
      token: 'hvs.root-token',
      kvMount: 'kv-platform',
      pathPrefix: 'k8s-scheduler/',
      namespace: 'team-ns',
    });

  it('writes each tier to its documented path with X-Vault-Token and check-and-set', async () => {
    const store = tokenStore();
    await store.put({ orgId, tier: 'organization', key: 'API_KEY' }, 'org-value');
    await store.put({ orgId, tier: 'deployment', deploymentId, key: 'DB_PASSWORD' }, 'dep-value');
    await store.put(
      { orgId, tier: 'service', deploymentId, serviceName: 'web', key: 'SESSION_KEY' },
      'svc-value',
    );
    await store.put({ orgId, tier: 'organization', key: 'SECOND' }, 'org-2');

    expect([...vault.kv.keys()].sort()).toEqual([
      `k8s-scheduler/orgs/${orgId}`,
      `k8s-scheduler/orgs/${orgId}/deployments/${deploymentId}`,
      `k8s-scheduler/orgs/${orgId}/deployments/${deploymentId}/services/web`,
    ]);
    expect(vault.kv.get(`k8s-scheduler/orgs/${orgId}`)).toEqual({
      data: { API_KEY: 'org-value', SECOND: 'org-2' },
      version: 2,
    });
    const writes = vault.requests.filter((r) => r.method === 'POST');
    expect(writes.map((w) => w.url)).toContain(`/v1/kv-platform/data/k8s-scheduler/orgs/${orgId}`);
    expect(writes.every((w) => w.token === 'hvs.root-token' && w.namespace === 'team-ns')).toBe(true);
    // The second org write carried the version it read: a concurrent write would have been refused.
    expect(writes.at(-1)?.body).toEqual({
      options: { cas: 1 },
      data: { API_KEY: 'org-value', SECOND: 'org-2' },
    });

    expect(await store.get({ orgId, tier: 'organization', key: 'API_KEY' })).toBe('org-value');
    expect(
      await store.get({ orgId, tier: 'service', deploymentId, serviceName: 'web', key: 'SESSION_KEY' }),
    ).toBe('svc-value');
    expect(
      await store.get({ orgId, tier: 'service', deploymentId, serviceName: 'api', key: 'SESSION_KEY' }),
    ).toBeNull();
  });

  it('retries a check-and-set conflict instead of losing a concurrent writer’s key', async () => {
    const store = tokenStore();
    const org = '33333333-3333-4333-8333-333333333333';
    await Promise.all(
      ['A', 'B', 'C', 'D'].map((k) => store.put({ orgId: org, tier: 'organization', key: k }, `v-${k}`)),
    );
    expect(vault.kv.get(`k8s-scheduler/orgs/${org}`)?.data).toEqual({
      A: 'v-A',
      B: 'v-B',
      C: 'v-C',
      D: 'v-D',
    });
  });

  it('deletes a key; deleting the last key removes the secret and its versions', async () => {
    const store = tokenStore();
    const org = '44444444-4444-4444-8444-444444444444';
    await store.put({ orgId: org, tier: 'organization', key: 'ONE' }, '1');
    await store.put({ orgId: org, tier: 'organization', key: 'TWO' }, '2');
    await store.delete({ orgId: org, tier: 'organization', key: 'ONE' });
    expect(vault.kv.get(`k8s-scheduler/orgs/${org}`)?.data).toEqual({ TWO: '2' });
    await store.delete({ orgId: org, tier: 'organization', key: 'TWO' });
    expect(vault.kv.has(`k8s-scheduler/orgs/${org}`)).toBe(false);
    expect(
      vault.requests.some(
        (r) => r.method === 'DELETE' && r.url === `/v1/kv-platform/metadata/k8s-scheduler/orgs/${org}`,
      ),
    ).toBe(true);
    await store.delete({ orgId: org, tier: 'organization', key: 'TWO' });
  });

  it('Kubernetes auth: logs in with the service-account token and role, then uses the returned token', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ks-vault-'));
    const tokenPath = path.join(dir, 'token');
    writeFileSync(tokenPath, `${k8s.jwt}\n`);
    const store = createVaultStore({
      address,
      kvMount: 'kv-platform',
      pathPrefix: 'k8s-scheduler/',
      kubernetes: { role: k8s.role, mount: 'kubernetes', tokenPath },
    });
    await store.ping();
    await store.put({ orgId, tier: 'organization', key: 'VIA_K8S' }, 'k8s-auth-value');
    const login = vault.requests.filter((r) => r.url === '/v1/auth/kubernetes/login');
    expect(login).toHaveLength(1);
    expect(login[0]?.body).toEqual({ role: k8s.role, jwt: k8s.jwt });
    expect(login[0]?.token).toBeUndefined();
    const authed = vault.requests.filter((r) => r.url.startsWith('/v1/kv-platform/'));
    expect(authed.length).toBeGreaterThan(0);
    expect(authed.every((r) => r.token === k8s.token)).toBe(true);

    // A revoked token: one fresh login, then the call succeeds.
    vault.validTokens.delete(k8s.token);
    expect(await store.get({ orgId, tier: 'organization', key: 'VIA_K8S' })).toBe('k8s-auth-value');
    expect(vault.requests.filter((r) => r.url === '/v1/auth/kubernetes/login')).toHaveLength(2);
  });

  it('errors name the path and status but never the value or the token', async () => {
    const store = createVaultStore({
      address,
      token: 'hvs.wrong-token',
      kvMount: 'kv-platform',
      pathPrefix: 'k8s-scheduler/',
    });
    const err = await store
      .put({ orgId, tier: 'organization', key: 'X' }, 'never-in-an-error')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toMatch(/HTTP 403/);
    expect(String(err)).not.toContain('never-in-an-error');
    expect(String(err)).not.toContain('hvs.wrong-token');
    await expect(store.ping()).rejects.toThrow(/token lookup failed with HTTP 403/);
  });
});
