import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { auditLog } from './audit.schema';

export type AuditRow = typeof auditLog.$inferSelect;

/**
 * One page of an org's audit log, newest first: at most `limit + 1` rows (the extra one says there
 * is a next page). Scoped by the org, which the caller has loaded within its tenant.
 */
export function listOrgAuditRows(
  db: Db,
  orgId: string,
  page: { limit: number; before?: number | undefined; action?: string | undefined },
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.orgId, orgId),
        page.before !== undefined ? lt(auditLog.id, page.before) : undefined,
        page.action !== undefined ? eq(auditLog.action, page.action) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(page.limit + 1);
}
