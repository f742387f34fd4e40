import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Client } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  TIERS,
  abilities,
  authorize,
  type Permission,
  type Plan,
  type Subject,
  type Tier,
} from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { clientAdmins, clientDomains, clients, plans, users } from '../../db/schema';
import { subjectOf } from '../access/access';
import { recordAudit } from '../audit/audit';
import { plansFor } from '../plans/plans';
import { findUserByEmail } from '../users/users.repo';
import type { SecretStore } from '../secrets/secret.store';
import { parseClientOAuth, purgeClientOAuthSecrets } from './clients.oauth.settings';
import type { ClientResolver } from './clients.resolve';

type ClientRow = typeof clients.$inferSelect;
const CLIENT_PERMISSIONS: Permission[] = ['client:read', 'client:update', 'client:delete'];

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

async function present(db: Db, row: ClientRow, subject: Subject): Promise<Client> {
  const domains = await db
    .select({ domain: clientDomains.domain })
    .from(clientDomains)
    .where(eq(clientDomains.clientId, row.id))
    .orderBy(clientDomains.domain);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    branding: row.branding,
    deploymentDomain: row.deploymentDomain,
    domains: domains.map((d) => d.domain),
    oauthProviders: (['google', 'oidc'] as const).filter((p) => parseClientOAuth(row.oauth)[p]),
    createdAt: row.createdAt.toISOString(),
    abilities: abilities(subject, { clientId: row.id }, CLIENT_PERMISSIONS),
  };
}

/**
 * Loads a client the caller may see: platform admins see every client; a client admin only its
 * own. Anyone else gets 404 (no existence leak).
 */
export async function loadClient(db: Db, request: FastifyRequest, clientId: string) {
  const subject = await subjectOf(db, request);
  const visible = subject.isPlatformAdmin || subject.clientAdminOf === clientId;
  const [row] = visible ? await db.select().from(clients).where(eq(clients.id, clientId)) : [];
  if (!row) throw new NotFoundError('client', 'The client does not exist or you cannot see it.');
  return { row, subject };
}

/**
 * The clients the caller administers: every client for platform admins, its own for a client
 * admin. Anyone else is refused (403: the list is no tenant resource whose existence could leak).
 */
export async function listClients(db: Db, request: FastifyRequest): Promise<Client[]> {
  const subject = await subjectOf(db, request);
  if (subject.isPlatformAdmin) {
    authorize(subject, 'client:create', {}); // as before: API keys never administer clients
    const rows = await db.select().from(clients).orderBy(clients.slug);
    return Promise.all(rows.map((r) => present(db, r, subject)));
  }
  const own = subject.clientAdminOf;
  if (!own) throw new ForbiddenError('Only platform and client admins can list clients.', 'client:read');
  authorize(subject, 'client:read', { clientId: own });
  const rows = await db.select().from(clients).where(eq(clients.id, own));
  return Promise.all(rows.map((r) => present(db, r, subject)));
}

export async function createClient(
  db: Db,
  resolver: ClientResolver,
  request: FastifyRequest,
  input: {
    slug: string;
    name: string;
    branding?: { name: string; logoUrl: string | null; primaryColor: string } | undefined;
    deploymentDomain?: string | undefined;
    domains: string[];
  },
): Promise<Client> {
  const subject = await subjectOf(db, request);
  authorize(subject, 'client:create', {});
  try {
    const row = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(clients)
        .values({
          slug: input.slug,
          name: input.name,
          branding: input.branding ?? { name: input.name, logoUrl: null, primaryColor: '#4f46e5' },
          deploymentDomain: input.deploymentDomain ?? null,
        })
        .returning();
      if (!created) throw new Error('client insert returned nothing');
      if (input.domains.length)
        await tx
          .insert(clientDomains)
          .values(input.domains.map((domain) => ({ domain, clientId: created.id })));
      await recordAudit(tx, request, {
        orgId: null,
        action: 'client.create',
        targetType: 'client',
        targetId: created.id,
        metadata: { slug: input.slug, domains: input.domains },
      });
      return created;
    });
    resolver.invalidate();
    return present(db, row, subject);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new ConflictError('A client with this slug, or one of these domains, already exists.');
    throw err;
  }
}

export async function getClient(db: Db, request: FastifyRequest, clientId: string): Promise<Client> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:read', { clientId });
  return present(db, row, subject);
}

export async function updateClient(
  db: Db,
  request: FastifyRequest,
  clientId: string,
  patch: {
    name?: string | undefined;
    branding?: { name: string; logoUrl: string | null; primaryColor: string } | undefined;
    deploymentDomain?: string | null | undefined;
  },
): Promise<Client> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:update', { clientId });
  const set = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.branding !== undefined ? { branding: patch.branding } : {}),
    ...(patch.deploymentDomain !== undefined ? { deploymentDomain: patch.deploymentDomain } : {}),
    updatedAt: new Date(),
  };
  const updated = await db.transaction(async (tx) => {
    const [u] = await tx.update(clients).set(set).where(eq(clients.id, row.id)).returning();
    await recordAudit(tx, request, {
      orgId: null,
      action: 'client.update',
      targetType: 'client',
      targetId: row.id,
      metadata: { fields: Object.keys(patch) },
    });
    return u ?? row;
  });
  return present(db, updated, subject);
}

export async function deleteClient(
  db: Db,
  resolver: ClientResolver,
  store: SecretStore,
  request: FastifyRequest,
  clientId: string,
): Promise<void> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:delete', { clientId });
  // The store first: a failure leaves the client (and the references to its secrets) in place.
  await purgeClientOAuthSecrets(store, row.id, row.oauth);
  await db.transaction(async (tx) => {
    await tx.delete(clients).where(eq(clients.id, row.id));
    await recordAudit(tx, request, {
      orgId: null,
      action: 'client.delete',
      targetType: 'client',
      targetId: row.id,
      metadata: { slug: row.slug },
    });
  });
  resolver.invalidate();
}

export async function addDomain(
  db: Db,
  resolver: ClientResolver,
  request: FastifyRequest,
  clientId: string,
  domain: string,
): Promise<Client> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:update', { clientId });
  try {
    await db.transaction(async (tx) => {
      await tx.insert(clientDomains).values({ domain, clientId: row.id });
      await recordAudit(tx, request, {
        orgId: null,
        action: 'client.domain.add',
        targetType: 'client',
        targetId: row.id,
        metadata: { domain },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`The domain ${domain} is already in use.`);
    throw err;
  }
  resolver.invalidate();
  return present(db, row, subject);
}

export async function removeDomain(
  db: Db,
  resolver: ClientResolver,
  request: FastifyRequest,
  clientId: string,
  domain: string,
): Promise<void> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:update', { clientId });
  const removed = await db.transaction(async (tx) => {
    const gone = await tx
      .delete(clientDomains)
      .where(and(eq(clientDomains.clientId, row.id), eq(clientDomains.domain, domain.toLowerCase())))
      .returning();
    if (gone.length)
      await recordAudit(tx, request, {
        orgId: null,
        action: 'client.domain.remove',
        targetType: 'client',
        targetId: row.id,
        metadata: { domain },
      });
    return gone.length;
  });
  if (!removed) throw new NotFoundError('domain', `The domain ${domain} is not one of this client's.`);
  resolver.invalidate();
}

export async function listClientAdmins(db: Db, request: FastifyRequest, clientId: string) {
  const { subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:read', { clientId });
  return db
    .select({ userId: users.id, email: users.email, name: users.name })
    .from(clientAdmins)
    .innerJoin(users, eq(users.id, clientAdmins.userId))
    .where(eq(clientAdmins.clientId, clientId))
    .orderBy(users.email);
}

/** Platform admins name a client's admins among the client's users (who must have signed in once). */
export async function addClientAdmin(db: Db, request: FastifyRequest, clientId: string, email: string) {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:create', {});
  const user = await findUserByEmail(db, row.id, email);
  if (!user)
    throw new NotFoundError('user', `No user with the email ${email} has signed in on this client yet.`);
  await db.transaction(async (tx) => {
    await tx.insert(clientAdmins).values({ clientId: row.id, userId: user.id }).onConflictDoNothing();
    await recordAudit(tx, request, {
      orgId: null,
      action: 'client.admin.add',
      targetType: 'user',
      targetId: user.id,
      metadata: { clientId: row.id },
    });
  });
  return { userId: user.id, email: user.email, name: user.name };
}

export async function listClientPlans(db: Db, request: FastifyRequest, clientId: string): Promise<Plan[]> {
  const { subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:read', { clientId });
  const merged = await plansFor(db, clientId);
  return TIERS.map((tier) => merged[tier]);
}

/**
 * Sets the client's overrides of one tier's limits. `replace` (PUT): the body is the whole set of
 * overrides, the fields it omits fall back to the platform defaults. `merge` (PATCH): the fields in
 * the body change, the client's other overrides stay (what a form editing some limits wants).
 */
export async function setClientPlan(
  db: Db,
  request: FastifyRequest,
  clientId: string,
  tier: Tier,
  limits: Record<string, unknown>,
  mode: 'replace' | 'merge' = 'replace',
): Promise<Plan> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:update', { clientId });
  const given = Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
  await db.transaction(async (tx) => {
    const [current] =
      mode === 'merge'
        ? await tx
            .select({ limits: plans.limits })
            .from(plans)
            .where(and(eq(plans.clientId, row.id), eq(plans.tier, tier)))
            .for('update')
        : [];
    const clean = { ...(current?.limits ?? {}), ...given };
    await tx
      .insert(plans)
      .values({ clientId: row.id, tier, name: tier, limits: clean })
      .onConflictDoNothing();
    await tx
      .update(plans)
      .set({ limits: clean, updatedAt: new Date() })
      .where(and(eq(plans.clientId, row.id), eq(plans.tier, tier)));
    await recordAudit(tx, request, {
      orgId: null,
      action: 'client.plan.update',
      targetType: 'client',
      targetId: row.id,
      metadata: { tier, limits: clean },
    });
  });
  return (await plansFor(db, row.id))[tier];
}
