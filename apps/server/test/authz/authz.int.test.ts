import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema';
import { startTestPlatform, type TestPlatform } from '../harness';
import type { AuthzContext, AuthzEntry, AuthzRole, RouteKey } from './authz.types';
import {
  ROLE_NAMES,
  buildClient,
  buildOrg,
  signInAs,
  type Actor,
  type RoleName,
  type Tenant,
} from './factories';

/**
 * Routes under /api/ that need no role-table entry, each with the reason. Everything else under
 * /api/ must have an entry in a `*.authz.ts` file of this folder, or this suite fails.
 */
export const EXEMPT_ROUTES: Record<string, string> = {
  'GET /api/config': 'public: settings the SPA needs before sign-in',
  'GET /api/openapi.json': 'public: the API description',
  'GET /api/invitations/:token':
    'public: the random token in the emailed link is the credential (invitations.int.test.ts)',
  'POST /api/invitations/:token/accept':
    'authorized by the token and the invitee email, not by a role (invitations.int.test.ts)',
};

const here = path.dirname(fileURLToPath(import.meta.url));
const entryFiles = readdirSync(here)
  .filter((f) => f.endsWith('.authz.ts'))
  .sort();
const entries: AuthzEntry[] = [];
for (const file of entryFiles) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as Record<string, unknown>;
  for (const value of Object.values(mod)) if (Array.isArray(value)) entries.push(...(value as AuthzEntry[]));
}

const TENANT_ROLES = ROLE_NAMES.filter((r) => r !== 'outsider');
const isTenantRole = (r: AuthzRole): r is RoleName => (ROLE_NAMES as readonly string[]).includes(r);

interface World {
  t: TestPlatform;
  platformAdmin: Actor;
  /** Client admins by client id. */
  clientAdmins: Map<string, Actor>;
  /** Tenants per tier: A and B in client 1 (same client), C in client 2 (another client's host). */
  tenants: Map<string, Promise<{ a: Tenant; b: Tenant; c: Tenant }>>;
}

let world: World;

async function buildTenantIn(w: World, tier: AuthzEntry['tier'], client?: { id: string; host: string }) {
  let c = client;
  if (!c) {
    const made = await buildClient(w.t, { admin: true });
    w.clientAdmins.set(made.id, made.admin!);
    c = made;
  }
  return buildOrg(w.t, { tier: tier ?? 'enterprise', clientId: c.id, host: c.host });
}

function sharedTenants(w: World, tier: AuthzEntry['tier'] = 'enterprise') {
  let p = w.tenants.get(tier);
  if (!p) {
    p = (async () => {
      const a = await buildTenantIn(w, tier);
      const b = await buildTenantIn(w, tier, { id: a.clientId!, host: a.host });
      const c = await buildTenantIn(w, tier);
      return { a, b, c };
    })();
    w.tenants.set(tier, p);
  }
  return p;
}

function actorOf(w: World, tenant: Tenant, role: AuthzRole): Actor {
  if (role === 'platform_admin') return w.platformAdmin;
  if (role === 'client_admin') return w.clientAdmins.get(tenant.clientId!)!;
  return tenant.as[role];
}

const setupCache = new WeakMap<Tenant, Map<AuthzEntry, Promise<Record<string, string>>>>();
function idsFor(w: World, entry: AuthzEntry, tenant: Tenant) {
  if (!entry.setup) return Promise.resolve({});
  let m = setupCache.get(tenant);
  if (!m) setupCache.set(tenant, (m = new Map()));
  let p = m.get(entry);
  if (!p) m.set(entry, (p = entry.setup({ t: w.t, tenant })));
  return p;
}

/** Sends the entry's request for `target`'s resources as `caller`. */
async function send(w: World, entry: AuthzEntry, target: Tenant, caller: Actor) {
  const ids = await idsFor(w, entry, target);
  const ctx: AuthzContext = { t: w.t, tenant: target, ids, caller };
  const req = await entry.request(ctx);
  const method = entry.route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const headers = { ...(req.headers as Record<string, string> | undefined), ...caller.headers };
  if (!entry.stream)
    return w.t.app.inject({ ...req, method, headers, payload: req.payload as object | undefined });
  // A stream ends only when the client goes: take the status (and a refusal's body), then hang up.
  const res = await w.t.app.inject({ ...req, method, headers, payloadAsStream: true });
  const body = res.statusCode >= 300 ? await text(res.stream()) : '';
  res.raw.res.destroy();
  return { statusCode: res.statusCode, body };
}

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

/** The tenant a check runs against: shared, or built just for it when the entry is destructive. */
async function targetFor(w: World, entry: AuthzEntry): Promise<Tenant> {
  if (!entry.fresh) return (await sharedTenants(w, entry.tier)).a;
  return buildTenantIn(w, entry.tier);
}

function expectations(entry: AuthzEntry) {
  const allow: AuthzRole[] = entry.allow === 'any' ? [...TENANT_ROLES, 'outsider'] : entry.allow;
  const hidden =
    entry.hidden ?? (allow.includes('outsider') || entry.deny?.includes('outsider') ? [] : ['outsider']);
  const deny = entry.deny ?? TENANT_ROLES.filter((r) => !allow.includes(r) && !hidden.includes(r));
  return { allow, deny, hidden };
}

beforeAll(async () => {
  const t = await startTestPlatform({ db: 'pglite', env: { SIGN_IN_RATE_LIMIT: '100000' } });
  const platformAdmin = await signInAs(t, 'authz-platform-admin@example.com');
  await t.platform.database.db
    .update(users)
    .set({ isPlatformAdmin: true })
    .where(eq(users.id, platformAdmin.id));
  world = { t, platformAdmin, clientAdmins: new Map(), tenants: new Map() };
});
afterAll(async () => world?.t.close());

describe('authorization table', () => {
  it('has an entry for every route under /api/ (or an explicit exemption), and no entry for a missing route', async () => {
    const doc = world.t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops))
        routes.add(`${method.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`);
    }
    routes.add('GET /api/openapi.json');
    const covered = new Set<string>([...entries.map((e) => e.route), ...Object.keys(EXEMPT_ROUTES)]);
    const missing = [...routes].filter((r) => r.split(' ')[1]!.startsWith('/api/') && !covered.has(r)).sort();
    expect(
      missing,
      `routes without an authz entry (add them to apps/server/test/authz/<domain>.authz.ts): ${missing.join(', ')}`,
    ).toEqual([]);
    const unknown = entries.map((e) => e.route).filter((r) => !routes.has(r));
    expect(unknown, 'entries naming routes that do not exist').toEqual([]);
  });

  for (const entry of entries) {
    const { allow, deny, hidden } = expectations(entry);
    describe(entry.route as RouteKey, () => {
      // Negative checks first: a shared tenant is still intact when they run.
      for (const role of deny) {
        it(`${role} gets 403`, async () => {
          const target = await targetFor(world, entry);
          const res = await send(world, entry, target, actorOf(world, target, role));
          expect(res.statusCode, res.body).toBe(403);
        });
      }
      for (const role of hidden) {
        it(`${role} gets 404`, async () => {
          const target = await targetFor(world, entry);
          const res = await send(world, entry, target, actorOf(world, target, role));
          expect(res.statusCode, res.body).toBe(404);
        });
      }
      if (entry.crossTenant !== false && entry.allow !== 'any') {
        const tenantRole = allow.find(isTenantRole);
        const crossRole = tenantRole ?? allow.find((r) => r === 'client_admin');
        if (tenantRole) {
          it(`${tenantRole} of another tenant (same client) gets 404 for this tenant's ids`, async () => {
            const target = await targetFor(world, entry);
            const { b } = await sharedTenants(world, entry.tier);
            const res = await send(world, entry, target, actorOf(world, b, tenantRole));
            expect(res.statusCode, res.body).toBe(404);
          });
        }
        if (crossRole) {
          it(`${crossRole} on another client's host gets 404 for this tenant's ids`, async () => {
            const target = await targetFor(world, entry);
            const { c } = await sharedTenants(world, entry.tier);
            const res = await send(world, entry, target, actorOf(world, c, crossRole));
            expect(res.statusCode, res.body).toBe(404);
          });
        }
      }
      for (const role of allow) {
        it(`${role} succeeds`, async () => {
          const target = await targetFor(world, entry);
          const res = await send(world, entry, target, actorOf(world, target, role));
          if (entry.status) expect(res.statusCode, res.body).toBe(entry.status);
          else
            expect(res.statusCode >= 200 && res.statusCode < 300, `${res.statusCode} ${res.body}`).toBe(true);
        });
      }
    });
  }
});
