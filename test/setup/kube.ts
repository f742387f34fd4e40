/**
 * Integration-test helper for the run's real Kubernetes control plane (see kube.global.ts).
 *
 *   describeWithKube('my feature', () => {
 *     const kube = useKubeCluster();
 *     it('works', async () => { await kube.core.createNamespacedConfigMap({ namespace: kube.namespace, body }) });
 *   });
 *
 * Each test file gets a fresh namespace (or each test with `{ namespacePerTest: true }`), deleted
 * afterwards. Where the run has no cluster the suite is skipped with the reason printed.
 */
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
} from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, inject } from 'vitest';
// The type import pulls in the `ProvidedContext` augmentation (kubeconfigPath, kubeUnavailableReason).
import type {} from './kube.global';

export type KubeTestContext = {
  readonly kubeconfigPath: string;
  readonly kc: KubeConfig;
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly custom: CustomObjectsApi;
  readonly apiext: ApiextensionsV1Api;
  readonly discovery: DiscoveryV1Api;
  /** The namespace of the current test file (or test, with `namespacePerTest`). */
  readonly namespace: string;
  /** Creates one more namespace, deleted with the others after the file. */
  createNamespace(prefix?: string): Promise<string>;
};

type Clients = Omit<KubeTestContext, 'namespace' | 'createNamespace'>;
const CLIENT_KEYS = [
  'kubeconfigPath',
  'kc',
  'core',
  'apps',
  'custom',
  'apiext',
  'discovery',
] as const satisfies Array<keyof Clients>;
// Every client field is listed: a new one that is not fails to compile here.
const clientKeysComplete: Exclude<keyof Clients, (typeof CLIENT_KEYS)[number]> extends never ? true : never =
  true;
void clientKeysComplete;

/** Admin kubeconfig path of the run's cluster, or null (then `kubeUnavailableReason` says why). */
export function kubeconfigPathOrNull(): string | null {
  return inject('kubeconfigPath') ?? null;
}

export function kubeUnavailableReason(): string | null {
  if (kubeconfigPathOrNull() !== null) return null;
  return (
    inject('kubeUnavailableReason') ??
    'no kubeconfigPath provided (is test/setup/kube.global.ts in globalSetup?)'
  );
}

/** `describe` that is skipped, with the reason printed, where the run has no Kubernetes cluster. */
export function describeWithKube(name: string, fn: () => void): void {
  const reason = kubeUnavailableReason();
  if (reason !== null) console.warn(`[kube-sim] skipping "${name}": ${reason}`);
  describe.skipIf(reason !== null)(name, fn);
}

function makeClients(kubeconfigPath: string): Clients {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return {
    kubeconfigPath,
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    apiext: kc.makeApiClient(ApiextensionsV1Api),
    discovery: kc.makeApiClient(DiscoveryV1Api),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * Registers hooks in the enclosing describe that connect to the run's cluster and make fresh
 * namespaces. Read the returned fields inside hooks and tests, not at collection time.
 */
export function useKubeCluster(
  opts: { namespacePerTest?: boolean; namespacePrefix?: string } = {},
): KubeTestContext {
  const prefix = opts.namespacePrefix ?? 'it';
  let clients: Clients | null = null;
  let current: string | null = null;
  const created: string[] = [];

  const need = (): Clients => {
    if (clients === null)
      throw new Error('useKubeCluster(): the cluster is only available inside hooks and tests');
    return clients;
  };
  const createNamespace = async (p = prefix): Promise<string> => {
    const name = uniqueName(p);
    await need().core.createNamespace({ body: { metadata: { name, labels: { 'kube-sim/test': 'true' } } } });
    created.push(name);
    return name;
  };
  const deleteNamespaces = async (names: string[]): Promise<void> => {
    // Background deletion: the namespace controller removes the contents after the test ends.
    await Promise.all(
      names.map((name) => need().core.deleteNamespace({ name, propagationPolicy: 'Background' })),
    );
  };

  beforeAll(async () => {
    const path = kubeconfigPathOrNull();
    if (path === null) throw new Error(`useKubeCluster(): no cluster: ${kubeUnavailableReason()}`);
    clients = makeClients(path);
    if (!opts.namespacePerTest) current = await createNamespace();
  });
  if (opts.namespacePerTest) {
    beforeEach(async () => {
      current = await createNamespace();
    });
    afterEach(async () => {
      const ns = current;
      current = null;
      if (ns !== null) {
        created.splice(created.indexOf(ns), 1);
        await deleteNamespaces([ns]);
      }
    });
  }
  afterAll(async () => {
    if (clients !== null) await deleteNamespaces(created.splice(0));
  });

  const context = {
    get namespace() {
      if (current === null) throw new Error('useKubeCluster(): no namespace outside hooks and tests');
      return current;
    },
    createNamespace,
  };
  // Each client field reads the connected clients, so it fails clearly outside hooks and tests.
  for (const key of CLIENT_KEYS)
    Object.defineProperty(context, key, { enumerable: true, get: () => need()[key] });
  return context as KubeTestContext;
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
