import type { Client, Org } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  NotFoundError,
  TIERS,
  assertClientDomains,
  abilitiesOn,
  authorize,
  authorizeClientList,
  clientPolicy,
  type Permission,
  type PlatformSurfaces,
  type Plan,
  type Subject,
  type Tier,
} from '@k8s-scheduler/domain';
import { auditedWrite, type RequestContext } from '../../context/context';
import type { Db, Tx } from '../../db/database';
import type { AuditEvent } from '../audit/audit';
import { presentOrg } from '../orgs/orgs.present';
import { listClientOrgs } from '../orgs/orgs.repo';
import { plansFor, setClientPlanLimits, type PlanLimits } from '../plans/plans';
import type { SecretStore } from '@k8s-scheduler/secrets';
import { findUserByEmail, findUsersByIds } from '../users/users.repo';
import { parseClientOAuth, purgeClientOAuthSecrets } from './clients.oauth.settings';
import {
  claimedDomains,
  clientAdminIds,
  deleteClientRow,
  deleteDomain,
  domainsOf,
  findClient,
  insertClient,
  insertClientAdmin,
  insertDomain,
  listClientRows,
  lockClientDomains,
  updateClientRow,
  type Branding,
  type ClientRow,
} from './clients.repo';
import type { ClientResolver } from './clients.resolve';

export interface ClientsDeps {
  db: Db;
  resolver: ClientResolver;
  /** Where the clients' OAuth secrets live (purged when a client is deleted). */
  secrets: SecretStore;
  /** The platform's own hosts, which no client may claim. */
  platform: PlatformSurfaces;
}

export interface CreateClientInput {
  slug: string;
  name: string;
  branding?: Branding | undefined;
  deploymentDomain?: string | undefined;
  domains: string[];
}

export interface UpdateClientInput {
  name?: string | undefined;
  branding?: Branding | undefined;
  deploymentDomain?: string | null | undefined;
}

/** One admin of a client, as listed. */
export interface ClientAdmin {
  userId: string;
  email: string;
  name: string;
}

/** An audit event about a client (no org: clients sit above the tenants). */
export const clientEvent = (
  clientId: string,
  action: string,
  metadata: Record<string, unknown>,
): AuditEvent => ({ orgId: null, action, targetType: 'client', targetId: clientId, metadata });

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/**
 * Loads a client through the client policy: platform admins see every client, a client admin its
 * own; anyone else gets 404 (no existence leak), and 403 without `permission`.
 */
export async function loadClient(db: Db, ctx: RequestContext, clientId: string, permission: Permission) {
  const subject = await ctx.subject();
  // Not even read for a caller who may not see it.
  const row = clientPolicy.visible(subject, { id: clientId }) ? await findClient(db, clientId) : undefined;
  const { resource, abilities } = await ctx.enforce(clientPolicy, row, permission);
  return { row: resource, subject, abilities };
}

/** White-label clients: platform admins create them; a client admin manages its own. */
export function createClientsService(deps: ClientsDeps) {
  const { db, resolver } = deps;

  async function present(row: ClientRow, abilities: Permission[]): Promise<Client> {
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      branding: row.branding,
      deploymentDomain: row.deploymentDomain,
      domains: await domainsOf(db, row.id),
      oauthProviders: (['google', 'oidc'] as const).filter((p) => parseClientOAuth(row.oauth)[p]),
      createdAt: row.createdAt.toISOString(),
      abilities,
    };
  }
  const presentFor = (subject: Subject) => (row: ClientRow) =>
    present(row, abilitiesOn(clientPolicy, subject, row));

  /**
   * Refuses domains a client may not claim (see `assertClientDomains`): inside the writing
   * transaction, under the domain lock, so the overlap check and the write are one step.
   */
  async function checkClaims(
    tx: Tx,
    clientId: string | null,
    claims: ReadonlyArray<{ path: string; domain: string }>,
  ) {
    if (!claims.length) return;
    await lockClientDomains(tx);
    assertClientDomains(claims, { clientId, platform: deps.platform, taken: await claimedDomains(tx) });
  }

  return {
    /** The clients the caller administers: every client for platform admins, its own for a client admin. */
    async list(ctx: RequestContext): Promise<Client[]> {
      const subject = await ctx.subject();
      const rows = await listClientRows(db, authorizeClientList(subject));
      return Promise.all(rows.map(presentFor(subject)));
    },

    async create(ctx: RequestContext, input: CreateClientInput): Promise<Client> {
      const subject = await ctx.subject();
      authorize(subject, 'client:create', {});
      try {
        const row = await db.transaction(async (tx) => {
          await checkClaims(tx, null, [
            ...input.domains.map((domain, i) => ({ path: `body.domains.${i}`, domain })),
            ...(input.deploymentDomain
              ? [{ path: 'body.deploymentDomain', domain: input.deploymentDomain }]
              : []),
          ]);
          const created = await insertClient(
            tx,
            {
              slug: input.slug,
              name: input.name,
              branding: input.branding ?? { name: input.name, logoUrl: null, primaryColor: '#4f46e5' },
              deploymentDomain: input.deploymentDomain ?? null,
            },
            input.domains,
          );
          await ctx.audit(
            tx,
            clientEvent(created.id, 'client.create', {
              slug: input.slug,
              name: input.name,
              domains: input.domains,
            }),
          );
          return created;
        });
        resolver.invalidate();
        return presentFor(subject)(row);
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ConflictError('A client with this slug, or one of these domains, already exists.');
        throw err;
      }
    },

    async get(ctx: RequestContext, clientId: string): Promise<Client> {
      const { row, abilities } = await loadClient(db, ctx, clientId, 'client:read');
      return present(row, abilities);
    },

    async update(ctx: RequestContext, clientId: string, patch: UpdateClientInput): Promise<Client> {
      const { row, abilities } = await loadClient(db, ctx, clientId, 'client:update');
      const set = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.branding !== undefined ? { branding: patch.branding } : {}),
        ...(patch.deploymentDomain !== undefined ? { deploymentDomain: patch.deploymentDomain } : {}),
      };
      const updated = await db.transaction(async (tx) => {
        if (patch.deploymentDomain)
          await checkClaims(tx, row.id, [{ path: 'body.deploymentDomain', domain: patch.deploymentDomain }]);
        const u = await updateClientRow(tx, row.id, set);
        await ctx.audit(
          tx,
          clientEvent(row.id, 'client.update', { fields: Object.keys(patch), changes: changesOf(row, set) }),
        );
        return u ?? row;
      });
      return present(updated, abilities);
    },

    async delete(ctx: RequestContext, clientId: string): Promise<void> {
      const { row } = await loadClient(db, ctx, clientId, 'client:delete');
      // The store first: a failure leaves the client (and the references to its secrets) in place.
      await purgeClientOAuthSecrets(deps.secrets, row.id, row.oauth);
      await db.transaction(async (tx) => {
        await deleteClientRow(tx, row.id);
        await ctx.audit(tx, clientEvent(row.id, 'client.delete', { slug: row.slug, name: row.name }));
      });
      resolver.invalidate();
    },

    async addDomain(ctx: RequestContext, clientId: string, domain: string): Promise<Client> {
      const { row, abilities } = await loadClient(db, ctx, clientId, 'client:update');
      try {
        await db.transaction(async (tx) => {
          await checkClaims(tx, row.id, [{ path: 'body.domain', domain }]);
          await insertDomain(tx, row.id, domain);
          await ctx.audit(tx, clientEvent(row.id, 'client.domain.add', { domain }));
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`The domain ${domain} is already in use.`);
        throw err;
      }
      resolver.invalidate();
      return present(row, abilities);
    },

    async removeDomain(ctx: RequestContext, clientId: string, domain: string): Promise<void> {
      const { row } = await loadClient(db, ctx, clientId, 'client:update');
      const removed = await db.transaction(async (tx) => {
        const gone = await deleteDomain(tx, row.id, domain);
        if (gone) await ctx.audit(tx, clientEvent(row.id, 'client.domain.remove', { domain }));
        return gone;
      });
      if (!removed) throw new NotFoundError('domain', `The domain ${domain} is not one of this client's.`);
      resolver.invalidate();
    },

    async listAdmins(ctx: RequestContext, clientId: string): Promise<ClientAdmin[]> {
      const { row } = await loadClient(db, ctx, clientId, 'client:read');
      const admins = await findUsersByIds(db, await clientAdminIds(db, row.id));
      return admins.map((u) => ({ userId: u.id, email: u.email, name: u.name }));
    },

    /** Platform admins name a client's admins among the client's users (who must have signed in once). */
    async addAdmin(ctx: RequestContext, clientId: string, email: string): Promise<ClientAdmin> {
      const { row } = await loadClient(db, ctx, clientId, 'client:create');
      const user = await findUserByEmail(db, row.id, email);
      if (!user)
        throw new NotFoundError('user', `No user with the email ${email} has signed in on this client yet.`);
      await auditedWrite(db, ctx, (tx) => insertClientAdmin(tx, row.id, user.id), {
        orgId: null,
        action: 'client.admin.add',
        targetType: 'user',
        targetId: user.id,
        metadata: { clientId: row.id, email: user.email },
      });
      return { userId: user.id, email: user.email, name: user.name };
    },

    async listPlans(ctx: RequestContext, clientId: string): Promise<Plan[]> {
      const { row } = await loadClient(db, ctx, clientId, 'client:read');
      const merged = await plansFor(db, row.id);
      return TIERS.map((tier) => merged[tier]);
    },

    /**
     * Sets the client's overrides of one tier's limits. `replace` (PUT): the body is the whole set of
     * overrides, the fields it omits fall back to the platform defaults. `merge` (PATCH): the fields
     * in the body change, the client's other overrides stay (what a form editing some limits wants).
     */
    async setPlan(
      ctx: RequestContext,
      input: { clientId: string; tier: Tier; limits: PlanLimits; mode: 'replace' | 'merge' },
    ): Promise<Plan> {
      const { row } = await loadClient(db, ctx, input.clientId, 'client:update');
      const given = Object.fromEntries(
        Object.entries(input.limits).filter(([, v]) => v !== undefined),
      ) as PlanLimits;
      await db.transaction(async (tx) => {
        const limits = await setClientPlanLimits(tx, row.id, input.tier, given, input.mode);
        await ctx.audit(tx, clientEvent(row.id, 'client.plan.update', { tier: input.tier, limits }));
      });
      return (await plansFor(db, row.id))[input.tier];
    },

    /** The client's organizations, for its admins. */
    async listOrgs(ctx: RequestContext, clientId: string): Promise<Org[]> {
      const { row, subject } = await loadClient(db, ctx, clientId, 'client:read');
      authorize(subject, 'org:read', { clientId: row.id });
      const orgs = await listClientOrgs(db, row.id);
      return orgs.map((o) => presentOrg(o, subject));
    },
  };
}
export type ClientsService = ReturnType<typeof createClientsService>;

/** What an update changes, field by field (branding, name and domain are no secrets). */
function changesOf(row: ClientRow, set: Partial<Pick<ClientRow, 'name' | 'branding' | 'deploymentDomain'>>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(set) as Array<[keyof typeof set, unknown]>) {
    const from = row[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}
