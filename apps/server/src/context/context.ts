import type { Logger } from 'pino';
import {
  UnauthenticatedError,
  abilitiesOn,
  enforce,
  type Permission,
  type Policy,
  type Subject,
} from '@k8s-scheduler/domain';
import type { Db, Tx } from '../db/database';
import type { AuthzCache } from '../modules/authz-cache/authz.cache';
import { authzKeys } from '../modules/authz-cache/authz.cache';
import type { AuditActor, AuditEvent } from '../modules/audit/audit';
import { writeAudit } from '../modules/audit/audit';
import type { AuthContext } from '../modules/auth/auth.types';
import { loadRoles } from './roles.loader';

/**
 * Everything a service needs to know about the request it serves, and nothing of HTTP: who calls
 * (`auth`, `subject()`), on which white-label client, under which request id, with which logger,
 * and how to record an audit entry. Built once per request by the auth layer; every service takes
 * `(ctx, input)`. Tests and jobs build one with `createContext`.
 */
export interface RequestContext {
  readonly requestId: string;
  /** The white-label client of the request's host (null: the platform itself). Tenant scope of every read. */
  readonly clientId: string | null;
  readonly logger: Logger;
  /** The signed-in principal, or null. Live: a long-lived stream sees a re-authentication. */
  readonly auth: AuthContext | null;
  /** The principal; throws `UnauthenticatedError` when nobody is signed in. */
  principal(): AuthContext;
  /** The acting subject with every role it holds (once per request, through the authorization cache). */
  subject(): Promise<Subject>;
  /**
   * Forgets this request's memo of the subject: the next `subject()` re-reads the roles through the
   * shared cache (which change notifications keep current). For long-lived responses.
   */
  refreshSubject(): void;
  /** After a change of the caller's own roles: forgets the memo and the caller's cached entries. */
  forgetSubject(): void;
  /**
   * Guards a resource with its policy: 404 when it is missing or the caller may not know it exists,
   * 403 without `permission`. Returns the subject and the resource's abilities for the DTO.
   */
  enforce<R, T extends R>(
    policy: Policy<R>,
    resource: T | null | undefined,
    permission?: Permission,
  ): Promise<{ subject: Subject; resource: T; abilities: Permission[] }>;
  /** Who acts, as the audit log records it. */
  readonly actor: AuditActor;
  /** Records an audit entry; pass the mutation's transaction so both commit together. */
  audit(db: Db | Tx, event: AuditEvent): Promise<void>;
  /** Adds time spent authorizing to the request's `Server-Timing`. */
  timing(phase: 'auth' | 'authz', ms: number): void;
}

export interface ContextSource {
  requestId: string;
  clientId: string | null;
  logger: Logger;
  ip: string | null;
  userAgent: string | null;
  /** Read on every access: the auth layer may re-authenticate a long-lived request. */
  auth(): AuthContext | null;
  timing?(phase: 'auth' | 'authz', ms: number): void;
}

export interface ContextDeps {
  db: Db;
  /** The authorization cache; without it the roles are read from the database. */
  authzCache: AuthzCache | null;
}

/** Builds the request context of one request (or of a job acting for a principal). */
export function createContext(deps: ContextDeps, source: ContextSource): RequestContext {
  let memo: Promise<Subject> | null = null;
  const timing = (phase: 'auth' | 'authz', ms: number) => source.timing?.(phase, ms);

  async function loadSubject(): Promise<Subject> {
    const auth = ctx.principal();
    const userId = auth.user.id;
    const roles =
      (deps.authzCache
        ? await deps.authzCache.get(authzKeys.roles(userId), async () => ({
            value: await loadRoles(deps.db, userId),
            userId,
          }))
        : null) ?? (await loadRoles(deps.db, userId));
    return {
      userId,
      isPlatformAdmin: auth.user.isPlatformAdmin,
      clientAdminOf: roles.clientAdminOf,
      orgRoles: roles.orgRoles,
      teamRoles: roles.teamRoles,
      teamOrgs: roles.teamOrgs,
      apiKeyScopes: auth.apiKey?.scopes ?? null,
    };
  }

  const ctx: RequestContext = {
    requestId: source.requestId,
    clientId: source.clientId,
    logger: source.logger,
    get auth() {
      return source.auth();
    },
    principal() {
      const auth = source.auth();
      if (!auth) throw new UnauthenticatedError('Sign in to continue.');
      return auth;
    },
    subject() {
      if (!memo) {
        const startedAt = performance.now();
        memo = loadSubject().finally(() => timing('authz', performance.now() - startedAt));
        // A failed load is not memoized: the next call tries again.
        memo.catch(() => (memo = null));
      }
      return memo;
    },
    refreshSubject() {
      memo = null;
    },
    forgetSubject() {
      memo = null;
      const auth = source.auth();
      if (auth) deps.authzCache?.evictUser(auth.user.id);
    },
    async enforce(policy, resource, permission) {
      const subject = await ctx.subject();
      const startedAt = performance.now();
      try {
        const found = enforce(policy, subject, resource, permission);
        return { subject, resource: found, abilities: abilitiesOn(policy, subject, found) };
      } finally {
        timing('authz', performance.now() - startedAt);
      }
    },
    get actor(): AuditActor {
      const auth = source.auth();
      return {
        clientId: source.clientId,
        userId: auth?.user.id ?? null,
        apiKeyId: auth?.apiKey?.id ?? null,
        ip: source.ip,
        userAgent: source.userAgent,
        requestId: source.requestId,
      };
    },
    audit(db, event) {
      return writeAudit(db, ctx.actor, event);
    },
    timing,
  };
  return ctx;
}

/**
 * Runs one write and records its audit entry in the same transaction, so both commit or neither.
 * Returns what the write returns.
 */
export async function auditedWrite<T>(
  db: Db,
  ctx: RequestContext,
  write: (tx: Tx) => Promise<T>,
  event: AuditEvent,
): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await write(tx);
    await ctx.audit(tx, event);
    return result;
  });
}
