import { z } from 'zod';
import { TENANT_KIND } from './constants';
import { customResourceSchema, isolationSchema, resourceStatusSchema, tierSchema } from './common.schema';

/** Desired state of one organization's slice of the cluster (cluster-scoped, one per org). */
export const tenantSpecSchema = z.object({
  orgId: z.string().min(1),
  orgSlug: z.string().min(1),
  tier: tierSchema,
  isolation: isolationSchema,
  /** Total ResourceQuota of the org, as Kubernetes quantities. */
  quota: z.object({ cpu: z.string().min(1), memory: z.string().min(1) }),
  /** Namespace the org's deployments run in (`ks-shared` for shared isolation). */
  namespace: z.string().min(1),
  /** Node placement for `dedicated` isolation: pods get this node selector and a matching toleration. */
  dedicatedNodes: z
    .object({
      nodeSelector: z.record(z.string(), z.string()),
      tolerationKey: z.string().optional(),
    })
    .optional(),
});
export type TenantSpec = z.infer<typeof tenantSpecSchema>;

export const tenantPhaseSchema = z.enum(['Pending', 'Ready', 'Error', 'Deleting']);
export type TenantPhase = z.infer<typeof tenantPhaseSchema>;

export const tenantStatusSchema = resourceStatusSchema(tenantPhaseSchema);
export type TenantStatus = z.infer<typeof tenantStatusSchema>;

export const tenantSchema = customResourceSchema(TENANT_KIND, tenantSpecSchema, tenantStatusSchema);
export type Tenant = z.infer<typeof tenantSchema>;
