import { appliedHashOf, type ChildObject } from '@k8s-scheduler/domain';
import type { Informer } from '../controller/informer';
import type { KubeClient, KubeObject } from '@k8s-scheduler/kube';
import type { OperatorMetrics } from '../metrics';

export type ApplyResult = { live: KubeObject | undefined; wrote: boolean };

export type Applier = {
  /** Server-side applies `obj` unless the live object (or our last apply) carries the same hash. */
  apply(obj: ChildObject): Promise<ApplyResult>;
  /** Deletes the live objects that are not desired; answers how many were deleted. */
  prune(live: KubeObject[], desired: ChildObject[]): Promise<number>;
  /** Whether a cached object carries exactly the hash we last applied to it (the echo of our write). */
  isOwnWrite(obj: KubeObject): boolean;
  /** Forgets what we applied for an object that was deleted (so it is re-created). */
  forget(obj: KubeObject): void;
  /** The informer cache of a kind, if the operator watches it. */
  cache(kind: string): Informer | undefined;
};

const identity = (o: { kind: string; metadata: { name: string; namespace?: string } }): string =>
  `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * Applies children with one field manager and skips writes that change nothing. The informer cache
 * can lag behind our own writes, so the hash we last applied is remembered too; a deleted child
 * clears it (`forget`), and the next reconcile re-creates the object.
 */
export function createApplier(options: {
  client: KubeClient;
  fieldManager: string;
  caches: ReadonlyMap<string, Informer>;
  metrics: OperatorMetrics;
}): Applier {
  const applied = new Map<string, string>();
  const cacheKey = (o: { metadata: { name: string; namespace?: string } }): string =>
    o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;

  return {
    async apply(obj) {
      const hash = appliedHashOf(obj);
      const live = options.caches.get(obj.kind)?.get(cacheKey(obj));
      const id = identity(obj);
      if (hash !== undefined && ((live && appliedHashOf(live) === hash) || applied.get(id) === hash)) {
        options.metrics.skippedWrites.inc({ kind: obj.kind });
        return { live, wrote: false };
      }
      const result = await options.client.apply(obj as KubeObject, {
        fieldManager: options.fieldManager,
        force: true,
      });
      if (hash !== undefined) applied.set(id, hash);
      return { live: result, wrote: true };
    },

    async prune(live, desired) {
      const wanted = new Set(desired.map(identity));
      let deleted = 0;
      await Promise.all(
        live
          .filter((o) => !wanted.has(identity(o)) && !o.metadata.deletionTimestamp)
          .map(async (o) => {
            applied.delete(identity(o));
            if (
              await options.client.delete(
                { apiVersion: o.apiVersion, kind: o.kind },
                o.metadata.name,
                o.metadata.namespace,
              )
            )
              deleted += 1;
          }),
      );
      return deleted;
    },

    isOwnWrite(obj) {
      const hash = appliedHashOf(obj);
      return hash !== undefined && applied.get(identity(obj)) === hash;
    },

    forget(obj) {
      applied.delete(identity(obj));
    },

    cache: (kind) => options.caches.get(kind),
  };
}
