import type { FastifyRequest } from 'fastify';
import type { Db, Tx } from '../../db/database';
import { auditLog } from '../../db/schema';

export interface AuditEvent {
  /** The org the action concerns (null for platform/client-level actions). */
  orgId: string | null;
  /** `<resource>.<verb>`, e.g. `org.update`, `team.member.add`, `apikey.revoke`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  /** Non-secret details (names, roles, changed fields). Secret-looking keys are redacted. */
  metadata?: Record<string, unknown>;
}

/** Keys whose values are never stored, wherever they appear in metadata. */
const SECRET_KEY =
  /^(value|values|token|password|passwd|secret|client_?secret|api_?key|plaintext|ciphertext|authorization|cookie)$/i;

/** Deep copy of metadata with secret-looking values replaced, so no secret reaches the audit log. */
export function redactMetadata(input: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(input)) return input.map((v) => redactMetadata(v, depth + 1));
  if (input && typeof input === 'object') {
    return Object.fromEntries(
      Object.entries(input as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) ? '[redacted]' : redactMetadata(v, depth + 1),
      ]),
    );
  }
  return input;
}

/**
 * Records a mutation: who (user and API key), what (action on a target), which org, when and from
 * where (ip, user agent, request id). Pass the transaction of the mutation so both commit together.
 */
export async function recordAudit(db: Db | Tx, request: FastifyRequest, event: AuditEvent): Promise<void> {
  const auth = request.auth;
  const userAgent = request.headers['user-agent'];
  await db.insert(auditLog).values({
    clientId: request.clientId,
    orgId: event.orgId,
    actorUserId: auth?.user.id ?? null,
    actorApiKeyId: auth?.apiKey?.id ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    ip: request.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
    requestId: String(request.id),
    metadata: (redactMetadata(event.metadata ?? {}) as Record<string, unknown>) ?? {},
  });
}
