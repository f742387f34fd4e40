import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@k8s-scheduler/domain';

/**
 * Registers sign-in rate limiting in the calling (encapsulated) plugin: routes there opt in with
 * `config: { rateLimit: signInLimit(max) }`. Counted per client IP (behind a trusted proxy, the
 * forwarded address) and, when `byEmail`, per IP and email so one address cannot lock out others.
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

export function signInLimit(max: number, byEmail = false) {
  return {
    max,
    timeWindow: 60_000,
    keyGenerator: (request: FastifyRequest) => {
      const body = request.body as { email?: unknown } | null | undefined;
      const email = byEmail && typeof body?.email === 'string' ? body.email.toLowerCase() : '';
      return `${request.ip}|${email}`;
    },
  };
}
