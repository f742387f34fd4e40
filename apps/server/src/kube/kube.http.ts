import { createKubeClient, type KubeAuth, type KubeClient, type KubeObject } from '@k8s-scheduler/kube';

/** Field manager of every server-side apply the platform's server makes. */
export const SERVER_FIELD_MANAGER = 'k8s-scheduler-server';

export type KubeObjectRef = KubeObject;

/**
 * The server's writes to a cluster, over the one Kubernetes client (@k8s-scheduler/kube): objects
 * the server owns are server-side applied with its field manager (force) and deleted in background.
 */
export interface KubeHttp {
  /** Server-side apply with the server's field manager (force: the server owns these objects). */
  apply<T extends KubeObjectRef>(obj: T): Promise<T>;
  /** Deletes; false when it was already gone. */
  delete(ref: KubeObjectRef): Promise<boolean>;
  /** The client itself (reads, the status mirror's list/watch, readiness). */
  readonly client: KubeClient;
  close(): Promise<void>;
}

export function createKubeHttp(auth: KubeAuth, timeoutMs = 15_000): KubeHttp {
  const client = createKubeClient(auth, { requestTimeoutMs: timeoutMs });
  return {
    client,
    async apply<T extends KubeObjectRef>(obj: T) {
      return (await client.apply(obj, { fieldManager: SERVER_FIELD_MANAGER, force: true })) as T;
    },
    delete: (ref) =>
      client.delete(
        { apiVersion: ref.apiVersion, kind: ref.kind },
        ref.metadata.name,
        ref.metadata.namespace,
      ),
    close: () => client.close(),
  };
}
