/** Identifies a resource type by apiVersion and kind. */
export type ResourceType = { readonly apiVersion: string; readonly kind: string };

type ResourceInfo = { plural: string; namespaced: boolean };

// A static table instead of discovery: the operator only touches these kinds.
const RESOURCES: Record<string, ResourceInfo> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  Service: { plural: 'services', namespaced: true },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  ResourceQuota: { plural: 'resourcequotas', namespaced: true },
  LimitRange: { plural: 'limitranges', namespaced: true },
  Event: { plural: 'events', namespaced: true },
  Pod: { plural: 'pods', namespaced: true },
  Node: { plural: 'nodes', namespaced: false },
  Deployment: { plural: 'deployments', namespaced: true },
  ReplicaSet: { plural: 'replicasets', namespaced: true },
  Ingress: { plural: 'ingresses', namespaced: true },
  NetworkPolicy: { plural: 'networkpolicies', namespaced: true },
  Lease: { plural: 'leases', namespaced: true },
  Tenant: { plural: 'tenants', namespaced: false },
  UserDeployment: { plural: 'userdeployments', namespaced: true },
  ExternalSecret: { plural: 'externalsecrets', namespaced: true },
  PersistentVolumeClaim: { plural: 'persistentvolumeclaims', namespaced: true },
  CustomResourceDefinition: { plural: 'customresourcedefinitions', namespaced: false },
};

export function resourceInfo(type: ResourceType): ResourceInfo {
  const info = RESOURCES[type.kind];
  if (!info) throw new Error(`unknown resource kind ${type.kind}`);
  return info;
}

/** Builds the REST path of a collection (no name) or of one object. */
export function resourcePath(type: ResourceType, namespace?: string, name?: string): string {
  const info = resourceInfo(type);
  const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const tail = name ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${info.plural}${tail}`;
}

export const Kinds = {
  namespace: { apiVersion: 'v1', kind: 'Namespace' },
  service: { apiVersion: 'v1', kind: 'Service' },
  configMap: { apiVersion: 'v1', kind: 'ConfigMap' },
  secret: { apiVersion: 'v1', kind: 'Secret' },
  resourceQuota: { apiVersion: 'v1', kind: 'ResourceQuota' },
  limitRange: { apiVersion: 'v1', kind: 'LimitRange' },
  event: { apiVersion: 'events.k8s.io/v1', kind: 'Event' },
  pod: { apiVersion: 'v1', kind: 'Pod' },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  networkPolicy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' },
  persistentVolumeClaim: { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  crd: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
} as const satisfies Record<string, ResourceType>;
