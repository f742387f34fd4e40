import { deploymentDetailSchema, deploymentListSchema } from '@k8s-scheduler/contracts';
import type { DeploymentCreateBody } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

const path = (id: string) => `/api/deployments/${encodeURIComponent(id)}`;

export const listDeployments = (teamId: string, signal?: AbortSignal) =>
  apiFetch(`/api/deployments?teamId=${encodeURIComponent(teamId)}`, {
    schema: deploymentListSchema,
    ...(signal ? { signal } : {}),
  }).then((r) => r.items);
export const getDeployment = (id: string, signal?: AbortSignal) =>
  apiFetch(path(id), { schema: deploymentDetailSchema, ...(signal ? { signal } : {}) });
export const createDeployment = (body: DeploymentCreateBody) =>
  apiFetch('/api/deployments', { method: 'POST', body, schema: deploymentDetailSchema });
export const updateDeployment = (
  id: string,
  body: { inputs?: Record<string, string>; secrets?: Record<string, string> },
) => apiFetch(path(id), { method: 'PATCH', body, schema: deploymentDetailSchema });
export const deployImage = (id: string, body: { service: string; image: string }) =>
  apiFetch(`${path(id)}/deploy-image`, { method: 'POST', body, schema: deploymentDetailSchema });
export const scaleService = (id: string, body: { service: string; replicas: number }) =>
  apiFetch(`${path(id)}/scale`, { method: 'POST', body, schema: deploymentDetailSchema });
export const restartDeployment = (id: string) =>
  apiFetch(`${path(id)}/restart`, { method: 'POST', schema: deploymentDetailSchema });
export const deleteDeployment = (id: string) =>
  apiFetch(path(id), { method: 'DELETE', schema: deploymentDetailSchema });
