import type { Db, Tx } from '../../db/database';
import { auditLog } from './audit.schema';

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

/**
 * Keys whose values are never stored, wherever they appear in metadata: the names of secret values
 * themselves, and any name ending in one of the credential words (`accessToken`, `client_secret`,
 * `dbPassword`, `x-api-key`). Names that only start with one (`secretChange`, `tokenPrefix`) describe
 * a secret without holding it and are kept.
 */
const SECRET_KEY =
  /^(value|values|plaintext|ciphertext|authorization|cookie|set-cookie)$|(token|secret|password|passwd|passphrase|api[-_]?key|private[-_]?key)$/i;

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

/** Who acts, as recorded: the user and API key, the tenant (client), and where from. */
export interface AuditActor {
  clientId: string | null;
  userId: string | null;
  apiKeyId: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/**
 * The one call that records an audit entry: who (`actor`), what (action on a target, with a summary
 * of what changed — never a secret value: secret-looking keys are redacted), which org, when.
 * Pass the transaction of the mutation so both commit together. Services call it as `ctx.audit(tx, event)`.
 */
export async function writeAudit(db: Db | Tx, actor: AuditActor, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    clientId: actor.clientId,
    orgId: event.orgId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    ip: actor.ip,
    userAgent: actor.userAgent,
    requestId: actor.requestId,
    metadata: (redactMetadata(event.metadata ?? {}) as Record<string, unknown>) ?? {},
  });
}
