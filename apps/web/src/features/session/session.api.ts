import { meSchema } from '@k8s-scheduler/contracts';
import type { Me } from '@k8s-scheduler/contracts';
import type { z } from 'zod';
import type { devLoginBodySchema } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

export type DevLoginBody = z.infer<typeof devLoginBodySchema>;

export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return apiFetch('/api/me', { schema: meSchema, ...(signal ? { signal } : {}) });
}

/** Dev-mode sign-in; the server sets the session cookie and answers with the signed-in user. */
export function devLogin(body: DevLoginBody): Promise<Me> {
  const hasFields = body.email !== undefined || body.name !== undefined;
  return apiFetch('/dev/login', { method: 'POST', schema: meSchema, ...(hasFields ? { body } : {}) });
}

export function logout(): Promise<undefined> {
  return apiFetch('/logout', { method: 'POST' });
}
