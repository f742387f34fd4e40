import { z } from 'zod';

/** One audit log entry: who (user and/or API key), what (action on a target), when, from where. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  orgId: z.string().uuid().nullable(),
  actorUserId: z.string().uuid().nullable(),
  actorEmail: z.string().nullable().describe('Email of the acting user (null when deleted)'),
  actorApiKeyId: z.string().uuid().nullable(),
  action: z.string().describe('e.g. org.update, team.member.add, apikey.create'),
  targetType: z.string(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** GET /api/orgs/:orgId/audit?limit=&before=&action= — newest first, cursor paging by id. */
export const auditListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('Return entries older than this id (the previous page’s nextCursor)'),
  action: z.string().max(100).optional().describe('Only this action (exact match)'),
});
export const auditListSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.number().int().nullable(),
});
export type AuditList = z.infer<typeof auditListSchema>;
