import { adminOrgPageSchema, dedicatedNodesSchema, orgSchema } from '@k8s-scheduler/contracts';
import type { AdminOrg } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';
import type { Tier } from './admin.api';

/** The admin area's org list: one page, searched by name or slug. */
export function listAdminOrgs(input: { q: string; cursor: string | null }) {
  const params = new URLSearchParams({ limit: '50' });
  if (input.q.trim()) params.set('q', input.q.trim());
  if (input.cursor) params.set('cursor', input.cursor);
  return apiFetch(`/api/admin/orgs?${params.toString()}`, { schema: adminOrgPageSchema });
}

export const setAdminOrgTier = (orgId: string, body: { tier: Tier; reason: string }) =>
  apiFetch(`/api/admin/orgs/${encodeURIComponent(orgId)}/tier`, { method: 'PUT', body, schema: orgSchema });

export const getDedicatedNodes = (orgId: string) =>
  apiFetch(`/api/admin/orgs/${encodeURIComponent(orgId)}/nodes`, { schema: dedicatedNodesSchema });

/** "3 / 5", or "3 / unlimited". */
export function usageText(use: AdminOrg['deployments']): string {
  return `${use.used} / ${use.max === null ? 'unlimited' : use.max}`;
}

/** The reason a tier change must carry, checked as the API checks it. */
export function reasonError(reason: string): string | null {
  const r = reason.trim();
  if (r.length < 3) return 'Say why (at least 3 characters); it is kept in the audit log.';
  if (r.length > 500) return 'At most 500 characters.';
  return null;
}
