import type { Org } from '@k8s-scheduler/contracts';
import {
  ConflictError,
  requireApiKeyScope,
  InvalidError,
  NotFoundError,
  memberOrgIdsOf,
  slugify,
} from '@k8s-scheduler/domain';
import { auditedWrite, type RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { hasLiveDeployments } from '../deployments/deployments.repo';
import { deleteOrgRow, findOrgMember, insertOrg, listOrgs, moveOwnership, updateOrgRow } from './orgs.repo';
import { presentOrg } from './orgs.present';
import { loadOrg } from './orgs.scope';
import { createOrgTierService } from './orgs.tier';
import { createOrgUsageService } from './orgs.usage';

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

export interface OrgsDeps {
  db: Db;
  /** The namespace of shared-isolation tenants (a tier change re-renders the org's Tenant). */
  sharedNamespace: string;
}

/** Organizations: the caller's list, creation, renaming, deletion, ownership, tier and usage. */
export function createOrgsService(deps: OrgsDeps) {
  const { db } = deps;
  return {
    /** Orgs of the request's client where the caller holds an org role or a role in one of its teams. */
    async list(ctx: RequestContext): Promise<Org[]> {
      const subject = await ctx.subject();
      requireApiKeyScope(subject, 'org:read', 'listing organizations');
      const rows = await listOrgs(db, ctx.clientId, memberOrgIdsOf(subject));
      return rows.map((o) => presentOrg(o, subject));
    },

    /** Creates an org in the request's client; the creator becomes its `org_owner`. */
    async create(ctx: RequestContext, input: { name: string; slug?: string | undefined }): Promise<Org> {
      const subject = await ctx.subject();
      requireApiKeyScope(subject, 'org:write', 'creating an organization');
      const slug = input.slug ?? slugify(input.name, 40);
      if (!slug)
        throw new InvalidError('The name yields no usable slug; give one.', [
          { path: 'body.slug', message: 'required' },
        ]);
      try {
        const org = await db.transaction(async (tx) => {
          const created = await insertOrg(
            tx,
            { clientId: ctx.clientId, name: input.name, slug },
            subject.userId,
          );
          await ctx.audit(tx, {
            orgId: created.id,
            action: 'org.create',
            targetType: 'org',
            targetId: created.id,
            metadata: { name: input.name, slug },
          });
          return created;
        });
        ctx.forgetSubject();
        return presentOrg(org, await ctx.subject());
      } catch (err) {
        if (isUniqueViolation(err))
          throw new ConflictError(`An organization with the slug "${slug}" already exists.`);
        throw err;
      }
    },

    async get(ctx: RequestContext, orgId: string): Promise<Org> {
      const { org, subject } = await loadOrg(db, ctx, orgId, 'org:read');
      return presentOrg(org, subject);
    },

    /** Renames an org. The slug is fixed at creation: Kubernetes namespaces of the org derive from it. */
    async update(ctx: RequestContext, input: { orgId: string; name: string }): Promise<Org> {
      const { org, subject } = await loadOrg(db, ctx, input.orgId, 'org:update');
      const updated = await db.transaction(async (tx) => {
        const row = await updateOrgRow(tx, org.id, { name: input.name });
        await ctx.audit(tx, {
          orgId: org.id,
          action: 'org.update',
          targetType: 'org',
          targetId: org.id,
          metadata: { from: { name: org.name }, to: { name: input.name } },
        });
        return row ?? org;
      });
      return presentOrg(updated, subject);
    },

    /** Deletes an org (owner only). Refused while it still has deployments: delete those first. */
    async remove(ctx: RequestContext, orgId: string): Promise<void> {
      const { org } = await loadOrg(db, ctx, orgId, 'org:delete');
      if (await hasLiveDeployments(db, { orgId: org.id }))
        throw new ConflictError('The organization still has deployments; delete them first.');
      await auditedWrite(db, ctx, (tx) => deleteOrgRow(tx, org.id), {
        orgId: org.id,
        action: 'org.delete',
        targetType: 'org',
        targetId: org.id,
        metadata: { name: org.name, slug: org.slug },
      });
    },

    /** Moves ownership to another member; the previous owner becomes `org_admin`. */
    async transfer(ctx: RequestContext, input: { orgId: string; userId: string }): Promise<Org> {
      const { org } = await loadOrg(db, ctx, input.orgId, 'org:transfer');
      await db.transaction(async (tx) => {
        const target = await findOrgMember(tx, org.id, input.userId);
        if (!target)
          throw new NotFoundError('member', 'The new owner must already be a member of the organization.');
        if (target.role === 'org_owner') return;
        await moveOwnership(tx, org.id, input.userId);
        await ctx.audit(tx, {
          orgId: org.id,
          action: 'org.transfer',
          targetType: 'user',
          targetId: input.userId,
          metadata: {},
        });
      });
      ctx.forgetSubject();
      return presentOrg(org, await ctx.subject());
    },

    ...createOrgTierService(deps),
    ...createOrgUsageService(deps),
  };
}

export type OrgsService = ReturnType<typeof createOrgsService>;
