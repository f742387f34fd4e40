import { crdManifests } from '@k8s-scheduler/crds';
import { Kinds } from '@k8s-scheduler/kube';
import type { KubeHttp } from './kube.http';

const CRD_API = 'apiextensions.k8s.io/v1';

/**
 * Installs (server-side applies) the platform's CRDs and waits until each is Established, so
 * custom resources can be written right after. Throws when the cluster refuses or times out.
 */
export async function installCrds(http: KubeHttp, timeoutMs = 30_000): Promise<void> {
  const manifests = crdManifests();
  for (const m of manifests) {
    await http.apply({
      ...(m as unknown as { metadata: { name: string } }),
      apiVersion: CRD_API,
      kind: 'CustomResourceDefinition',
    });
  }
  const deadline = Date.now() + timeoutMs;
  for (const m of manifests) {
    for (;;) {
      const crd = (await http.client.get(Kinds.crd, m.metadata.name)) as {
        status?: { conditions?: { type: string; status: string }[] };
      } | null;
      if (crd?.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline)
        throw new Error(`CRD ${m.metadata.name} not Established within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
