import type { AuditEntry, AuditList } from '@k8s-scheduler/contracts';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import { loadOrg } from '../orgs/orgs.scope';
import { findUsersByIds } from '../users/users.repo';
import { listOrgAuditRows, type AuditRow } from './audit.repo';

export interface AuditPage {
  orgId: string;
  limit: number;
  before?: number | undefined;
  action?: string | undefined;
}

function present(r: AuditRow, actorEmail: string | null): AuditEntry {
  return {
    id: r.id,
    orgId: r.orgId,
    actorUserId: r.actorUserId,
    actorEmail,
    actorApiKeyId: r.actorApiKeyId,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    metadata: r.metadata,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Reading the audit log (writing is `ctx.audit`, see audit.ts). */
export function createAuditService(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** An org's audit log for its owners and admins, newest first, paged by id. */
    async listOrg(ctx: RequestContext, page: AuditPage): Promise<AuditList> {
      // Tenant scope first (another client's org is not found), then the org policy.
      const { org } = await loadOrg(db, ctx, page.orgId, 'audit:read');
      const rows = await listOrgAuditRows(db, org.id, page);
      const shown = rows.slice(0, page.limit);
      const actors = await findUsersByIds(
        db,
        shown.map((r) => r.actorUserId),
      );
      const emails = new Map(actors.map((u) => [u.id, u.email] as const));
      return {
        items: shown.map((r) => present(r, (r.actorUserId && emails.get(r.actorUserId)) ?? null)),
        nextCursor: rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null,
      };
    },
  };
}
