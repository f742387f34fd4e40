import { templateDetailSchema, templateListSchema } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

export function listTemplates(filter: { teamId?: string | undefined }, signal?: AbortSignal) {
  const params = new URLSearchParams();
  if (filter.teamId) params.set('teamId', filter.teamId);
  const query = params.size ? `?${params.toString()}` : '';
  return apiFetch(`/api/templates${query}`, {
    schema: templateListSchema,
    ...(signal ? { signal } : {}),
  }).then((r) => r.items);
}

export function getTemplate(id: string, signal?: AbortSignal) {
  return apiFetch(`/api/templates/${encodeURIComponent(id)}`, {
    schema: templateDetailSchema,
    ...(signal ? { signal } : {}),
  });
}

export function createTemplate(body: { yaml: string; teamId?: string }) {
  return apiFetch('/api/templates', { method: 'POST', body, schema: templateDetailSchema });
}

export function updateTemplate(id: string, body: { yaml: string }) {
  return apiFetch(`/api/templates/${encodeURIComponent(id)}`, {
    method: 'PUT',
    body,
    schema: templateDetailSchema,
  });
}

export function deleteTemplate(id: string) {
  return apiFetch(`/api/templates/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
