import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import {
  auditListQuerySchema,
  auditListSchema,
  problemSchema,
  type AuditEntry,
} from '@k8s-scheduler/contracts';
import { auditLog, users } from '../../db/schema';
import type { FeatureModule } from '../registry';
import { loadOrg } from '../orgs/orgs.scope';

const params = z.object({ orgId: z.string().uuid() });

/** GET /api/orgs/:orgId/audit — the org's audit log for its owners and admins, newest first. */
export const auditModule: FeatureModule = async (app, { db }) => {
  app.get(
    '/api/orgs/:orgId/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "The org's audit log (owners and admins), newest first",
        params,
        querystring: auditListQuerySchema,
        response: { 200: auditListSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema },
      },
    },
    async (request) => {
      const { org } = await loadOrg(db, request.ctx, request.params.orgId, 'audit:read');
      const { limit, before, action } = request.query;
      const rows = await db
        .select({ r: auditLog, actorEmail: users.email })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .where(
          and(
            eq(auditLog.orgId, org.id),
            before !== undefined ? lt(auditLog.id, before) : undefined,
            action !== undefined ? eq(auditLog.action, action) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const items: AuditEntry[] = page.map(({ r, actorEmail }) => ({
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
      }));
      return { items, nextCursor: rows.length > limit ? (page.at(-1)?.r.id ?? null) : null };
    },
  );
};
