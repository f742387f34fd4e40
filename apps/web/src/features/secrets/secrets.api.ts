import { effectiveEnvironmentSchema, secretListSchema, secretWrittenSchema } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';
import { secretsPath } from './secrets.scope';
import type { SecretScope } from './secrets.scope';

export const listSecrets = (scope: SecretScope, signal?: AbortSignal) =>
  apiFetch(secretsPath(scope), { schema: secretListSchema, ...(signal ? { signal } : {}) });

/** Writes a value. It travels once, in this request body, and is never read back. */
export const putSecret = (scope: SecretScope, key: string, value: string) =>
  apiFetch(secretsPath(scope, key), { method: 'PUT', body: { value }, schema: secretWrittenSchema });

export const deleteSecret = (scope: SecretScope, key: string) =>
  apiFetch(secretsPath(scope, key), { method: 'DELETE' });

export const getEffectiveEnvironment = (deploymentId: string, service: string, signal?: AbortSignal) =>
  apiFetch(
    `/api/deployments/${encodeURIComponent(deploymentId)}/services/${encodeURIComponent(service)}/environment`,
    {
      schema: effectiveEnvironmentSchema,
      ...(signal ? { signal } : {}),
    },
  );
