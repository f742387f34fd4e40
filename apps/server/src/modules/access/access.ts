import type { FastifyRequest } from 'fastify';
import { abilities, authorize, type AuthzScope, type Permission, type Subject } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { addTiming } from '../auth/server-timing';

/**
 * Transitional wrappers over the request context (`request.ctx`): services move to `(ctx, input)`
 * and `ctx.subject()` / `ctx.enforce(policy, …)`.
 */
export function subjectOf(_db: Db, request: FastifyRequest): Promise<Subject> {
  return request.ctx.subject();
}

/** Forgets this request's memo of the subject only (see `RequestContext.refreshSubject`). */
export function forgetSubjectMemo(request: FastifyRequest) {
  request.ctx.refreshSubject();
}

/** Forgets the subject after a change of the caller's own roles (see `RequestContext.forgetSubject`). */
export function forgetSubject(request: FastifyRequest) {
  request.ctx.forgetSubject();
}

/** Loads the subject, guards `permission` on `scope`, and returns the subject for further checks. */
export async function guard(
  db: Db,
  request: FastifyRequest,
  permission: Permission,
  scope: AuthzScope,
): Promise<Subject> {
  const subject = await subjectOf(db, request);
  const startedAt = performance.now();
  try {
    authorize(subject, permission, scope);
  } finally {
    addTiming(request, 'authz', performance.now() - startedAt);
  }
  return subject;
}

export { abilities };
