import { z } from 'zod';
import { brandingSchema } from './system';
import { emailSchema } from './me';
import { orgSchema, slugSchema, tierSchema } from './tenancy';

/** A hostname such as apps.example.com (lowercase, no scheme, no port). */
export const domainSchema = z
  .string()
  .min(3)
  .max(253)
  .transform((v) => v.toLowerCase())
  .refine(
    (v) =>
      /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$/.test(v),
    'expected a hostname such as app.example.com',
  );

export const clientSchema = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  branding: brandingSchema,
  deploymentDomain: z.string().nullable(),
  domains: z.array(z.string()),
  createdAt: z.string(),
  abilities: z.array(z.string()),
});
export type Client = z.infer<typeof clientSchema>;
export const clientListSchema = z.object({ items: z.array(clientSchema) });

const brandingInput = z.object({
  name: z.string().trim().min(1).max(100),
  logoUrl: z.string().url().max(2000).nullable().default(null),
  primaryColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #4f46e5')
    .default('#4f46e5'),
});
export const createClientBodySchema = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1).max(100),
  branding: brandingInput.optional().describe('Default: the name with the default colour'),
  deploymentDomain: domainSchema.optional(),
  domains: z.array(domainSchema).max(20).default([]),
});
export const updateClientBodySchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  branding: brandingInput.optional(),
  deploymentDomain: domainSchema.nullable().optional(),
});
export const clientParamsSchema = z.object({ clientId: z.string().uuid() });
export const addDomainBodySchema = z.object({ domain: domainSchema });
export const clientDomainParamsSchema = z.object({
  clientId: z.string().uuid(),
  domain: z.string().min(3).max(253),
});
export const addClientAdminBodySchema = z.object({ email: emailSchema });
export const clientAdminSchema = z.object({ userId: z.string().uuid(), email: z.string(), name: z.string() });
export const clientAdminListSchema = z.object({ items: z.array(clientAdminSchema) });

/** Per-client plan limits (null: unlimited); omitted fields keep the platform default. */
export const planLimitsSchema = z.object({
  maxDeployments: z.number().int().min(0).nullable().optional(),
  maxMembers: z.number().int().min(1).nullable().optional(),
  customTemplateScopes: z.array(z.enum(['private', 'team', 'org'])).optional(),
  quota: z.object({ cpu: z.string(), memory: z.string() }).nullable().optional(),
});
export const planSchema = z.object({
  tier: tierSchema,
  maxDeployments: z.number().int().nullable(),
  maxMembers: z.number().int().nullable(),
  customTemplateScopes: z.array(z.enum(['private', 'team', 'org'])).readonly(),
  isolation: z.enum(['shared', 'namespace', 'dedicated']),
  quota: z.object({ cpu: z.string(), memory: z.string() }).nullable(),
  support: z.enum(['community', 'email', 'dedicated']),
});
export const planListSchema = z.object({ items: z.array(planSchema) });
export const planParamsSchema = z.object({ clientId: z.string().uuid(), tier: tierSchema });
export const clientOrgListSchema = z.object({ items: z.array(orgSchema) });
