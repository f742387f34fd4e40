/** API group of the platform's custom resources. */
export const GROUP = 'k8s-scheduler.io';
export const VERSION = 'v1alpha1';
/** `apiVersion` field value of every custom resource of the platform. */
export const API_VERSION = `${GROUP}/${VERSION}`;

export const TENANT_KIND = 'Tenant';
export const TENANT_PLURAL = 'tenants';
export const TENANT_SINGULAR = 'tenant';
export const TENANT_CRD_NAME = `${TENANT_PLURAL}.${GROUP}`;

export const USER_DEPLOYMENT_KIND = 'UserDeployment';
export const USER_DEPLOYMENT_PLURAL = 'userdeployments';
export const USER_DEPLOYMENT_SINGULAR = 'userdeployment';
export const USER_DEPLOYMENT_CRD_NAME = `${USER_DEPLOYMENT_PLURAL}.${GROUP}`;

/** Common label keys carried by every object the platform creates. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  org: `${GROUP}/org`,
  team: `${GROUP}/team`,
  deployment: `${GROUP}/deployment`,
  service: `${GROUP}/service`,
  tenant: `${GROUP}/tenant`,
} as const;

/** Value of the `app.kubernetes.io/managed-by` label. */
export const MANAGED_BY = 'k8s-scheduler';

/** Finalizer the operator puts on custom resources to clean up outside the cluster before deletion. */
export const FINALIZER = `${GROUP}/finalizer`;

/** Server-side apply field manager used by both server and operator. */
export const FIELD_MANAGER = 'k8s-scheduler';

/** Namespace shared by the deployments of every org on `shared` isolation. */
export const SHARED_NAMESPACE = 'ks-shared';
