import { randomUUID } from 'node:crypto';
import {
  clientAdmins,
  clientDomains,
  clients,
  orgMembers,
  organizations,
  teamMembers,
  teams,
} from '../../src/db/schema';
import type { TestPlatform } from '../harness';

export type OrgRoleName = 'org_owner' | 'org_admin' | 'org_member';
export type TeamRoleName = 'team_admin' | 'developer' | 'viewer';
/** Every role a tenant's factory creates a signed-in user for; `outsider` has none in the org. */
export type RoleName = OrgRoleName | TeamRoleName | 'outsider';
/** Every role of a member of the tenant's org (all but `outsider`). */
export const MEMBER_ROLES: readonly Exclude<RoleName, 'outsider'>[] = [
  'org_owner',
  'org_admin',
  'org_member',
  'team_admin',
  'developer',
  'viewer',
];
export const ROLE_NAMES: readonly RoleName[] = [...MEMBER_ROLES, 'outsider'];

export interface Actor {
  id: string;
  email: string;
  /** Headers to send as this user: cookie, CSRF header and the host of the user's client. */
  headers: Record<string, string>;
}

export interface Tenant {
  clientId: string | null;
  host: string;
  org: { id: string; slug: string; tier: 'free' | 'business' | 'enterprise' };
  team: { id: string; slug: string };
  as: Record<RoleName, Actor>;
}

const uniq = () => randomUUID().slice(0, 8);

let signIns = 0;

/**
 * Signs a user in by dev sign-in on `host`; returns the headers to act as them. Each sign-in comes
 * from its own address: the sign-in rate limit counts per IP, and tests build many users at once.
 */
export async function signInAs(t: TestPlatform, email: string, host = 'localhost'): Promise<Actor> {
  const n = ++signIns;
  const res = await t.app.inject({
    method: 'POST',
    url: '/dev/login',
    remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    headers: { host, 'x-requested-with': 'k8s-scheduler' },
    payload: { email },
  });
  if (res.statusCode !== 200)
    throw new Error(`dev sign-in of ${email} on ${host} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'ks_session');
  if (!cookie) throw new Error('no session cookie');
  return {
    id: res.json().user.id as string,
    email,
    headers: { host, cookie: `ks_session=${cookie.value}`, 'x-requested-with': 'k8s-scheduler' },
  };
}

/** A white-label client with one domain; returns its id and host. */
export async function buildClient(t: TestPlatform, opts: { admin?: boolean } = {}) {
  const db = t.platform.database.db;
  const slug = `c-${uniq()}`;
  const [client] = await db
    .insert(clients)
    .values({ slug, name: slug, branding: { name: slug, logoUrl: null, primaryColor: '#112233' } })
    .returning();
  const host = `${slug}.clients.test`;
  await db.insert(clientDomains).values({ domain: host, clientId: client!.id });
  let admin: Actor | undefined;
  if (opts.admin) {
    admin = await signInAs(t, `client-admin-${uniq()}@example.com`, host);
    await db.insert(clientAdmins).values({ clientId: client!.id, userId: admin.id });
  }
  return { id: client!.id, host, slug, admin };
}

/**
 * An org (own tenant) with one team and a signed-in user per role: org owner/admin/member, the
 * team's admin/developer/viewer (org members with a team role), and an outsider of the same client.
 */
export async function buildOrg(
  t: TestPlatform,
  opts: { tier?: 'free' | 'business' | 'enterprise'; clientId?: string | null; host?: string } = {},
): Promise<Tenant> {
  const db = t.platform.database.db;
  const tier = opts.tier ?? 'enterprise';
  const host = opts.host ?? 'localhost';
  const clientId = opts.clientId ?? null;
  const slug = `org-${uniq()}`;
  const [org] = await db.insert(organizations).values({ clientId, name: slug, slug, tier }).returning();
  const [team] = await db.insert(teams).values({ orgId: org!.id, name: 'Main', slug: 'main' }).returning();
  const as = {} as Record<RoleName, Actor>;
  for (const role of ROLE_NAMES) {
    const actor = await signInAs(t, `${role.replace('_', '-')}-${uniq()}@example.com`, host);
    as[role] = actor;
    if (role === 'outsider') continue;
    const orgRole: OrgRoleName = role.startsWith('org_') ? (role as OrgRoleName) : 'org_member';
    await db.insert(orgMembers).values({ orgId: org!.id, userId: actor.id, role: orgRole });
    if (!role.startsWith('org_'))
      await db.insert(teamMembers).values({ teamId: team!.id, userId: actor.id, role: role as TeamRoleName });
  }
  return { clientId, host, org: { id: org!.id, slug, tier }, team: { id: team!.id, slug: 'main' }, as };
}

/** A user of the client with no membership anywhere (for invitations and adds by email). */
export async function buildUser(t: TestPlatform, host = 'localhost'): Promise<Actor> {
  return signInAs(t, `user-${uniq()}@example.com`, host);
}
