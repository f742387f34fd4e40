import { z } from 'zod';
import { API_KEY_SCOPES } from '@k8s-scheduler/domain';

/** A `:write` scope includes its `:read`. */
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);

export const apiKeySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string().describe('First characters of the token, to recognise the key'),
  scopes: z.array(apiKeyScopeSchema),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });

export const createApiKeyBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(apiKeyScopeSchema).min(1).describe('Narrow your own rights; a key never has more than you'),
  expiresInDays: z.number().int().min(1).max(3650).optional().describe('Default: never expires'),
});
/** The token is shown once, in this response only; the server keeps its SHA-256. */
export const createdApiKeySchema = apiKeySchema.extend({
  token: z.string().describe('ks_… — send as Authorization: Bearer <token>'),
});
export const apiKeyParamsSchema = z.object({ keyId: z.string().uuid() });
