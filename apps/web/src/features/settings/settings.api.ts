import { apiKeyListSchema, auditListSchema, createdApiKeySchema } from '@k8s-scheduler/contracts';
import type { z } from 'zod';
import type { createApiKeyBodySchema } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

export type CreateApiKeyBody = z.output<typeof createApiKeyBodySchema>;

export const settingsKeys = {
  all: ['settings'] as const,
  apiKeys: () => [...settingsKeys.all, 'api-keys'] as const,
  audit: (orgId: string) => [...settingsKeys.all, 'audit', orgId] as const,
};

export const listApiKeys = () =>
  apiFetch('/api/me/api-keys', { schema: apiKeyListSchema }).then((r) => r.items);
/** The answer carries the token; it exists only in this response and must not be cached. */
export const createApiKey = (body: CreateApiKeyBody) =>
  apiFetch('/api/me/api-keys', { method: 'POST', body, schema: createdApiKeySchema });
export const revokeApiKey = (keyId: string) =>
  apiFetch(`/api/me/api-keys/${encodeURIComponent(keyId)}`, { method: 'DELETE' });

export function auditPagePath(orgId: string, before: number | null, limit = 50): string {
  const params = new URLSearchParams({ limit: String(limit) });
  if (before !== null) params.set('before', String(before));
  return `/api/orgs/${encodeURIComponent(orgId)}/audit?${params.toString()}`;
}
export const listAudit = (orgId: string, before: number | null) =>
  apiFetch(auditPagePath(orgId, before), { schema: auditListSchema });
