import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@k8s-scheduler/domain';

/**
 * Registers sign-in rate limiting in the calling (encapsulated) plugin: routes there opt in with
 * `config: { rateLimit: signInLimit(max) }`. Counted per client IP only (behind a trusted proxy,
 * the forwarded address), as the README says: varying the email does not buy more attempts.
 */
export async function registerSignInRateLimit(app: FastifyInstance) {
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) =>
      new DomainError(
        'rate_limited',
        `Too many sign-in attempts; try again in ${Math.ceil(context.ttl / 1000)} s.`,
        { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      ),
  });
}

export function signInLimit(max: number) {
  return {
    max,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => request.ip,
  };
}
