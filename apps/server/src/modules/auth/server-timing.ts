import type { FastifyRequest } from 'fastify';

/**
 * Time a request spent in authentication (`auth`: client, session or API key, user) and in
 * authorization (`authz`: loading the caller's roles, guards), reported in the `Server-Timing`
 * response header. Durations only: no names, ids or outcomes.
 */
export type TimingPhase = 'auth' | 'authz';

const timings = new WeakMap<FastifyRequest, Partial<Record<TimingPhase, number>>>();

/** Adds `ms` to the phase's total of this request. */
export function addTiming(request: FastifyRequest, phase: TimingPhase, ms: number) {
  let t = timings.get(request);
  if (!t) timings.set(request, (t = {}));
  t[phase] = (t[phase] ?? 0) + ms;
}

/** The `Server-Timing` header value of the request, e.g. `auth;dur=0.081, authz;dur=0.012`, or null. */
export function serverTimingHeader(request: FastifyRequest): string | null {
  const t = timings.get(request);
  if (!t) return null;
  const parts: string[] = [];
  for (const phase of ['auth', 'authz'] as const) {
    const ms = t[phase];
    if (ms !== undefined) parts.push(`${phase};dur=${ms.toFixed(3)}`);
  }
  return parts.length ? parts.join(', ') : null;
}
