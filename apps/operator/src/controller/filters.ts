import { FINALIZER } from '@k8s-scheduler/crds';
import { APPLIED_HASH_ANNOTATION } from '@k8s-scheduler/domain';
import type { KubeObject } from '@k8s-scheduler/kube';

/**
 * What the operator keeps of watched objects, and which of their changes are worth a reconcile.
 * Pure functions: the informers' transforms and event filters.
 */

/** Drops what the operator never reads from a custom resource, to keep 1,000s of them small. */
export function slim(obj: KubeObject): KubeObject {
  const { managedFields: _managed, ...metadata } = obj.metadata;
  const annotations = metadata.annotations ? { ...metadata.annotations } : undefined;
  if (annotations) delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return { ...obj, metadata: { ...metadata, ...(annotations ? { annotations } : {}) } };
}

const STATUS_KINDS = new Set(['Deployment', 'Ingress', 'ExternalSecret']);

const json = (value: unknown): string => JSON.stringify(value ?? null);
const withoutOurs = (finalizers: string[] | undefined): string =>
  json((finalizers ?? []).filter((f) => f !== FINALIZER));

/**
 * Whether an update of a Tenant or UserDeployment can change what reconciling it does. Our own
 * status writes and our own finalizer being added come back as updates too; re-running a reconcile
 * for those is pure cost (with 1,000s of objects, a second pass each), so only the spec
 * (generation), deletion, labels, annotations and other controllers' finalizers count.
 */
export function ownerChanged(old: KubeObject, obj: KubeObject): boolean {
  const a = old.metadata;
  const b = obj.metadata;
  return (
    a.generation !== b.generation ||
    a.deletionTimestamp !== b.deletionTimestamp ||
    json(a.labels) !== json(b.labels) ||
    json(a.annotations) !== json(b.annotations) ||
    withoutOurs(a.finalizers) !== withoutOurs(b.finalizers) ||
    ((a.finalizers ?? []).includes(FINALIZER) && !(b.finalizers ?? []).includes(FINALIZER))
  );
}

/** What of a cached child its owner's reconcile reads, besides the applied hash (status, deletion, ownership, labels). */
export function childView(obj: KubeObject): string {
  const { resourceVersion: _rv, generation: _gen, annotations: _ann, ...meta } = obj.metadata;
  return json({ meta, status: STATUS_KINDS.has(obj.kind) ? obj.status : undefined });
}

/**
 * A child is only compared by its applied-hash annotation, located by owner, and (for workloads,
 * Ingresses, ExternalSecrets) read for status: the cache keeps just that. Memory stays small with
 * thousands of children, and no Secret value is held in the operator's memory.
 */
export function slimChild(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  const hash = m.annotations?.[APPLIED_HASH_ANNOTATION];
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      ...(m.uid ? { uid: m.uid } : {}),
      ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
      ...(m.generation !== undefined ? { generation: m.generation } : {}),
      ...(m.labels ? { labels: m.labels } : {}),
      ...(hash ? { annotations: { [APPLIED_HASH_ANNOTATION]: hash } } : {}),
      ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}),
      ...(m.deletionTimestamp ? { deletionTimestamp: m.deletionTimestamp } : {}),
    },
    ...(STATUS_KINDS.has(obj.kind) && obj.status !== undefined ? { status: obj.status } : {}),
  };
}
