import { z } from 'zod';
import { CUSTOM_TEMPLATE_SCOPES, ISOLATIONS, SUPPORT_LEVELS } from '@k8s-scheduler/domain';
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
  /** Providers the client signs in with its own OAuth credentials (none: the platform's). */
  oauthProviders: z.array(z.enum(['google', 'oidc'])),
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
  customTemplateScopes: z.array(z.enum(CUSTOM_TEMPLATE_SCOPES)).optional(),
  quota: z.object({ cpu: z.string(), memory: z.string() }).nullable().optional(),
});
export const planSchema = z.object({
  tier: tierSchema,
  maxDeployments: z.number().int().nullable(),
  maxMembers: z.number().int().nullable(),
  customTemplateScopes: z.array(z.enum(CUSTOM_TEMPLATE_SCOPES)).readonly(),
  isolation: z.enum(ISOLATIONS),
  quota: z.object({ cpu: z.string(), memory: z.string() }).nullable(),
  support: z.enum(SUPPORT_LEVELS),
});
export const planListSchema = z.object({ items: z.array(planSchema) });
export const planParamsSchema = z.object({ clientId: z.string().uuid(), tier: tierSchema });
export const clientOrgListSchema = z.object({ items: z.array(orgSchema) });

// ---- A client's own OAuth credentials ------------------------------------------------------------

/** Sign-in providers a client may bring its own OAuth credentials for. */
export const clientOAuthProviderNameSchema = z.enum(['google', 'oidc']);
export type ClientOAuthProviderName = z.infer<typeof clientOAuthProviderNameSchema>;

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
/** An issuer URL: https, or plain http on loopback only (a local test provider); no query or fragment. */
export const issuerUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .url('expected a URL such as https://login.example.com')
  .refine((v) => {
    const u = new URL(v);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK_HOSTS.includes(u.hostname));
  }, 'the issuer must use https')
  .refine((v) => {
    const u = new URL(v);
    return !u.search && !u.hash && !u.username && !u.password;
  }, 'the issuer URL takes no query, fragment or credentials');

/** An OAuth scope token (RFC 6749 §3.3). */
const scopeToken = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/, 'expected a scope such as openid');

/**
 * Sets or replaces one provider of a client. `clientSecret` is write-only: it goes to the platform
 * secret store and is never returned; omit it to keep the stored one, send null to remove it (a
 * public client, PKCE only).
 */
export const clientOAuthProviderBodySchema = z.object({
  issuer: issuerUrlSchema
    .optional()
    .describe('OIDC only (required there): the issuer URL; Google always uses https://accounts.google.com'),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z
    .string()
    .min(1)
    .max(4096)
    .nullable()
    .optional()
    .describe('Write-only. Omitted: keep the stored secret. null: remove it.'),
  displayName: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .nullable()
    .optional()
    .describe('Label of the sign-in button ("Continue with …"); OIDC only'),
  scopes: z
    .array(scopeToken)
    .min(1)
    .max(20)
    .refine((s) => s.includes('openid'), 'the scopes must include openid')
    .optional()
    .describe('Default: openid email profile'),
});
export type ClientOAuthProviderBody = z.infer<typeof clientOAuthProviderBodySchema>;

/** One configured provider of a client, as the API shows it: never the secret, only whether one is set. */
export const clientOAuthProviderSchema = z.object({
  provider: clientOAuthProviderNameSchema,
  configured: z.literal(true),
  issuer: z.string(),
  clientId: z.string(),
  displayName: z.string().nullable(),
  scopes: z.array(z.string()),
  clientSecret: z.object({ configured: z.boolean() }),
  updatedAt: z.string(),
});
export type ClientOAuthProvider = z.infer<typeof clientOAuthProviderSchema>;
export const clientOAuthProviderListSchema = z.object({
  items: z.array(clientOAuthProviderSchema),
  abilities: z.array(z.string()),
});
export type ClientOAuthProviderList = z.infer<typeof clientOAuthProviderListSchema>;
export const clientOAuthParamsSchema = z.object({
  clientId: z.string().uuid(),
  provider: clientOAuthProviderNameSchema,
});
