import { clientListSchema, clientSchema } from '@k8s-scheduler/contracts';
import type { createClientBodySchema } from '@k8s-scheduler/contracts';
import type { z } from 'zod';
import { apiFetch } from '../../lib/api';

export type CreateClientBody = z.output<typeof createClientBodySchema>;

export const adminKeys = {
  all: ['admin'] as const,
  clients: () => [...adminKeys.all, 'clients'] as const,
};

export const listClients = () => apiFetch('/api/admin/clients', { schema: clientListSchema }).then((r) => r.items);
export const createClient = (body: CreateClientBody) => apiFetch('/api/admin/clients', { method: 'POST', body, schema: clientSchema });
export const deleteClient = (clientId: string) => apiFetch(`/api/admin/clients/${encodeURIComponent(clientId)}`, { method: 'DELETE' });

/** "a.example.com, b.example.com" or one per line → trimmed, non-empty entries. */
export function splitDomains(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}
