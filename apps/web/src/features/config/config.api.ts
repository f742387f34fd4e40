import { publicConfigSchema } from '@k8s-scheduler/contracts';
import type { PublicConfig } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

export function fetchPublicConfig(signal?: AbortSignal): Promise<PublicConfig> {
  return apiFetch('/api/config', { schema: publicConfigSchema, ...(signal ? { signal } : {}) });
}
