import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  healthSchema,
  publicConfigSchema,
  readinessSchema,
  type PublicConfig,
  type Readiness,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';

export interface ReadinessCheck {
  name: string;
  /** Resolves when healthy; rejects with a short reason otherwise. */
  check: () => Promise<void>;
  /** Optional checks report but do not make the platform unready. */
  optional?: boolean;
}

export const systemRoutes: FastifyPluginAsyncZod<{
  checks: ReadinessCheck[];
  publicConfig: (clientId: string | null) => Promise<PublicConfig>;
}> = async (app, { checks, publicConfig }) => {
  app.get(
    '/health',
    { schema: { tags: ['system'], summary: 'Liveness', response: { 200: healthSchema } } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['system'],
        summary: 'Readiness: database and, when enabled, Kubernetes',
        response: { 200: readinessSchema, 503: readinessSchema },
      },
    },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async (c) => {
          try {
            await withTimeout(c.check(), 3000);
            return [c.name, { ok: true }, c] as const;
          } catch (err) {
            return [
              c.name,
              { ok: false, detail: err instanceof Error ? err.message : String(err) },
              c,
            ] as const;
          }
        }),
      );
      const ready = results.every(([, r, c]) => r.ok || c.optional);
      const body: Readiness = {
        status: ready ? 'ok' : 'unavailable',
        checks: Object.fromEntries(results.map(([n, r]) => [n, r])),
      };
      return reply.code(ready ? 200 : 503).send(body);
    },
  );

  // The one JSON API route here; the probes above answer their own formats. Prometheus /metrics is
  // not on this listener: see http/metrics.server.ts.
  routes(app, { tags: ['system'] }).get(
    '/api/config',
    { summary: 'Public settings for the UI', response: publicConfigSchema },
    (ctx) => publicConfig(ctx.clientId),
  );
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
