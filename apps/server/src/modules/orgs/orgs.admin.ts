import type { AdminOrg, DedicatedNodes, Org, Page } from '@k8s-scheduler/contracts';
import {
  ForbiddenError,
  NotFoundError,
  orgPolicy,
  requireApiKeyScope,
  type Subject,
} from '@k8s-scheduler/domain';
import type { KubeClient } from '@k8s-scheduler/kube';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { liveDeploymentCounts } from '../deployments/deployments.repo';
import { plansFor } from '../plans/plans';
import { findUsersByIds } from '../users/users.repo';
import { adminOrgPage, findOrg, findOrgById, membersSummary, type OrgRow } from './orgs.repo';
import type { TierInput } from './orgs.tier';

/** The label and taint that pin a dedicated org's pods to its nodes (the operator's defaults). */
export const DEDICATED_LABEL = 'k8s-scheduler.io/dedicated-org';
export const DEDICATED_TAINT = 'k8s-scheduler.io/dedicated';

const NODE = { apiVersion: 'v1', kind: 'Node' } as const;

interface NodeObject {
  metadata?: { name?: string };
  spec?: { unschedulable?: boolean; taints?: Array<{ key?: string; value?: string; effect?: string }> };
  status?: { conditions?: Array<{ type?: string; status?: string }> };
}

/**
 * The admin area's reads and the tier set by hand. Platform admins see every org; a client admin
 * sees its client's orgs (the same rule as `GET /api/admin/clients/:clientId/orgs`); nobody else
 * gets in (403).
 */
export function createOrgAdminService(deps: {
  db: Db;
  /** The cluster client, when one is connected. */
  kube: () => KubeClient | null;
  applyTier: (ctx: RequestContext, org: OrgRow, subject: Subject, input: TierInput) => Promise<Org>;
}) {
  const { db } = deps;

  /** Which orgs the caller administers: all (undefined), or one client's. */
  async function adminScope(ctx: RequestContext, clientId?: string): Promise<string | null | undefined> {
    const subject = await ctx.subject();
    requireApiKeyScope(subject, 'org:read', 'the admin list of organizations');
    if (subject.isPlatformAdmin) return clientId;
    if (subject.clientAdminOf && subject.clientAdminOf === ctx.clientId) {
      if (clientId && clientId !== subject.clientAdminOf)
        throw new NotFoundError('The client does not exist or you cannot see it.');
      return subject.clientAdminOf;
    }
    throw new ForbiddenError('Only platform and client admins see the admin area.', 'org:tier:set');
  }

  /** An org the caller administers, guarded with `permission`: platform admins reach every client's. */
  async function adminOrg(ctx: RequestContext, orgId: string, permission: 'org:read' | 'org:tier:set') {
    const subject = await ctx.subject();
    const row = subject.isPlatformAdmin
      ? await findOrgById(db, orgId)
      : await findOrg(db, ctx.clientId, orgId);
    const { resource } = await ctx.enforce(orgPolicy, row, permission);
    if (!subject.isPlatformAdmin && subject.clientAdminOf !== resource.clientId)
      throw new ForbiddenError('Only platform and client admins see the admin area.', permission);
    return { org: resource, subject };
  }

  return {
    async list(
      ctx: RequestContext,
      input: {
        q?: string | undefined;
        clientId?: string | undefined;
        cursor?: string | undefined;
        limit?: number | undefined;
      },
    ): Promise<Page<AdminOrg>> {
      const clientId = await adminScope(ctx, input.clientId);
      const page = await adminOrgPage(db, { ...input, clientId });
      const rows = page.items.map((i) => i.org);
      const ids = rows.map((o) => o.id);
      const [members, deployments] = await Promise.all([
        membersSummary(db, ids),
        liveDeploymentCounts(db, ids),
      ]);
      const clients = [...new Set(rows.map((o) => o.clientId))];
      const [owners, plans] = await Promise.all([
        findUsersByIds(
          db,
          [...members.values()].map((m) => m.ownerId),
        ),
        Promise.all(clients.map(async (c) => [c, await plansFor(db, c)] as const)),
      ]);
      const ownerById = new Map(owners.map((u) => [u.id, u]));
      const plansByClient = new Map(plans);
      return {
        nextCursor: page.nextCursor,
        items: rows.map((o) => {
          const plan = plansByClient.get(o.clientId)![o.tier];
          const m = members.get(o.id);
          const owner = m?.ownerId ? ownerById.get(m.ownerId) : undefined;
          return {
            id: o.id,
            name: o.name,
            slug: o.slug,
            clientId: o.clientId,
            tier: o.tier,
            isolation: plan.isolation,
            owner: owner ? { id: owner.id, email: owner.email, name: owner.name } : null,
            members: m?.members ?? 0,
            deployments: { used: deployments.get(o.id) ?? 0, max: plan.maxDeployments },
            createdAt: o.createdAt.toISOString(),
          };
        }),
      };
    },

    /** Sets the tier by hand, with its reason (audited); platform admins reach every client's orgs. */
    async setTier(ctx: RequestContext, orgId: string, input: TierInput & { reason: string }): Promise<Org> {
      const { org, subject } = await adminOrg(ctx, orgId, 'org:tier:set');
      return deps.applyTier(ctx, org, subject, input);
    },

    /**
     * The nodes labelled for an org with dedicated isolation, and a warning when there are none
     * (its pods would stay Pending), with the commands that dedicate a node.
     */
    async dedicatedNodes(ctx: RequestContext, orgId: string): Promise<DedicatedNodes> {
      const { org } = await adminOrg(ctx, orgId, 'org:tier:set');
      const plan = (await plansFor(db, org.clientId))[org.tier];
      const label = { key: DEDICATED_LABEL, value: org.id };
      const taint = { key: DEDICATED_TAINT, value: org.id, effect: 'NoSchedule' as const };
      const howTo = [
        `kubectl label node <node> ${label.key}=${label.value}`,
        `kubectl taint node <node> ${taint.key}=${taint.value}:${taint.effect}`,
      ];
      const base = { orgId: org.id, tier: org.tier, isolation: plan.isolation, label, taint, howTo };
      const kube = deps.kube();
      if (!kube) {
        return {
          ...base,
          kubernetes: 'not_connected',
          nodes: [],
          warning:
            plan.isolation === 'dedicated'
              ? 'No Kubernetes cluster is connected, so the dedicated nodes cannot be checked.'
              : null,
        };
      }
      const list = await kube.list(NODE, { labelSelector: `${label.key}=${label.value}` });
      const nodes = (list.items as NodeObject[]).map((n) => ({
        name: n.metadata?.name ?? '',
        ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
        schedulable: !n.spec?.unschedulable,
        tainted:
          n.spec?.taints?.some(
            (t) => t.key === taint.key && t.value === taint.value && t.effect === taint.effect,
          ) ?? false,
      }));
      let warning: string | null = null;
      if (plan.isolation === 'dedicated') {
        if (nodes.length === 0)
          warning = `No node is labelled ${label.key}=${label.value}: this org's pods would stay Pending until one is.`;
        else if (!nodes.some((n) => n.ready && n.schedulable))
          warning = `None of this org's ${nodes.length} labelled node(s) is Ready and schedulable: its pods would stay Pending.`;
      }
      return { ...base, kubernetes: 'connected', nodes, warning };
    },
  };
}
