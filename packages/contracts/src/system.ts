import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok') });

export const readinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
export type Readiness = z.infer<typeof readinessSchema>;

export const brandingSchema = z.object({
  name: z.string(),
  logoUrl: z.string().nullable(),
  primaryColor: z.string(),
});
export type Branding = z.infer<typeof brandingSchema>;

/** Public settings the SPA needs before sign-in (GET /api/config). */
export const publicConfigSchema = z.object({
  devMode: z.boolean(),
  branding: brandingSchema,
  auth: z.object({
    dev: z.boolean(),
    google: z.boolean(),
    oidc: z.object({ enabled: z.boolean(), name: z.string().nullable() }),
  }),
  features: z.object({
    kubernetes: z.boolean(),
    billing: z.boolean(),
    email: z.boolean(),
  }),
  deploymentDomain: z.string(),
  version: z.string(),
});
export type PublicConfig = z.infer<typeof publicConfigSchema>;
