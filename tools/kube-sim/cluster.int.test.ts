import { Watch, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { expect, it } from 'vitest';
import { describeWithKube, eventually, uniqueName, useKubeCluster } from '../../test/setup/kube';

type WatchEvent = { type: string; object: Widget };
type Widget = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; resourceVersion?: string };
  spec: { size: number };
  status?: { phase: string; observedGeneration: number };
};

describeWithKube('kube-sim: a real control plane with kwok nodes', () => {
  const kube = useKubeCluster();

  it('binds claims of the default StorageClass, runs their pods, and deletes the volume with the claim', async () => {
    const namespace = kube.namespace;
    // No storageClassName: the default class (and its provisioner) takes the claim.
    await kube.core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
      },
    });
    const claim = await eventually('the claim is Bound', async () => {
      const c = await kube.core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace });
      return c.status?.phase === 'Bound' ? c : undefined;
    });
    expect(claim.spec?.storageClassName).toBe('standard');
    expect(claim.status?.capacity?.storage).toBe('2Gi');
    await kube.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          containers: [
            {
              name: 'db',
              image: 'registry.invalid/db:1',
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
            },
          ],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
        },
      },
    });
    await eventually('the pod with the volume runs', async () => {
      const p = await kube.core.readNamespacedPod({ name: 'db', namespace });
      return p.status?.phase === 'Running' ? p : undefined;
    });
    const volumeName = claim.spec!.volumeName!;
    await kube.core.deleteNamespacedPod({ name: 'db', namespace, gracePeriodSeconds: 0 });
    await kube.core.deleteNamespacedPersistentVolumeClaim({ name: 'data', namespace });
    await eventually('the volume is deleted with its claim', async () => {
      const pvs = await kube.core.listPersistentVolume();
      return pvs.items.some((v) => v.metadata?.name === volumeName) ? undefined : true;
    });
  });

  it('runs a Deployment with 2 replicas behind a Service with ready endpoints', async () => {
    const namespace = kube.namespace;
    const labels = { app: 'web' };
    await kube.apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web', labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'registry.invalid/web:1',
                  ports: [{ name: 'http', containerPort: 8080 }],
                  resources: { requests: { cpu: '100m', memory: '64Mi' } },
                },
              ],
            },
          },
        },
      },
    });
    await kube.core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      },
    });

    const deployment = await eventually('availableReplicas == 2', async () => {
      const d = await kube.apps.readNamespacedDeployment({ name: 'web', namespace });
      return d.status?.availableReplicas === 2 ? d : undefined;
    });
    expect(deployment.status?.readyReplicas).toBe(2);

    const pods = await kube.core.listNamespacedPod({ namespace, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.nodeName).toMatch(/^kwok-node-\d+$/);
      expect(pod.status?.podIP).toMatch(/^10\.244\./);
    }
    const podIPs = pods.items.map((p) => p.status?.podIP).sort();

    const slice = await eventually('an EndpointSlice with 2 ready endpoints', async () => {
      const slices = await kube.discovery.listNamespacedEndpointSlice({
        namespace,
        labelSelector: 'kubernetes.io/service-name=web',
      });
      const s = slices.items[0];
      const ready = s?.endpoints?.filter((e) => e.conditions?.ready === true) ?? [];
      return ready.length === 2 ? s : undefined;
    });
    expect((slice.endpoints ?? []).flatMap((e) => e.addresses).sort()).toEqual(podIPs);
    expect(slice.ports?.[0]?.port).toBe(8080);

    const svc = await kube.core.readNamespacedService({ name: 'web', namespace });
    expect(svc.spec?.clusterIP).toMatch(/^10\.96\./);
  });

  it('installs a CRD, creates a custom resource and watches its status updates', async () => {
    const namespace = kube.namespace;
    const group = `${uniqueName('w')}.kube-sim.test`;
    const crd: V1CustomResourceDefinition = {
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            subresources: { status: {} },
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: { size: { type: 'integer', minimum: 1 } },
                    required: ['size'],
                  },
                  status: {
                    type: 'object',
                    properties: { phase: { type: 'string' }, observedGeneration: { type: 'integer' } },
                  },
                },
              },
            },
          },
        ],
      },
    };
    await kube.apiext.createCustomResourceDefinition({ body: crd });
    try {
      await eventually('the CRD to be Established', async () => {
        const got = await kube.apiext.readCustomResourceDefinition({ name: `widgets.${group}` });
        return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
          ? true
          : undefined;
      });

      // Schema validation is the apiserver's, not ours: size must be >= 1.
      await expect(
        kube.custom.createNamespacedCustomObject({
          group,
          version: 'v1',
          namespace,
          plural: 'widgets',
          body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'bad' }, spec: { size: 0 } },
        }),
      ).rejects.toMatchObject({ code: 422 });

      const events: WatchEvent[] = [];
      let watchError: unknown = null;
      const watch = new Watch(kube.kc);
      const controller = await watch.watch(
        `/apis/${group}/v1/namespaces/${namespace}/widgets`,
        { allowWatchBookmarks: false },
        (type, object: Widget) => events.push({ type, object }),
        (err) => {
          watchError = err;
        },
      );
      try {
        const created = (await kube.custom.createNamespacedCustomObject({
          group,
          version: 'v1',
          namespace,
          plural: 'widgets',
          body: { apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 3 } },
        })) as Widget;
        expect(created.metadata.generation).toBe(1);

        // Through the status subresource: the status changes, the spec sent alongside is ignored.
        await kube.custom.replaceNamespacedCustomObjectStatus({
          group,
          version: 'v1',
          namespace,
          plural: 'widgets',
          name: 'w1',
          body: { ...created, spec: { size: 99 }, status: { phase: 'Ready', observedGeneration: 1 } },
        });

        const modified = await eventually(
          'ADDED then MODIFIED watch events',
          async () => events.find((e) => e.type === 'MODIFIED' && e.object.metadata.name === 'w1'),
          10_000,
        );
        expect(events[0]?.type).toBe('ADDED');
        expect(events[0]?.object.status).toBeUndefined();
        expect(modified.object.status).toEqual({ phase: 'Ready', observedGeneration: 1 });
        expect(modified.object.spec).toEqual({ size: 3 });
        expect(modified.object.metadata.generation).toBe(1);
        expect(watchError).toBeNull();
      } finally {
        controller.abort();
      }
    } finally {
      await kube.apiext.deleteCustomResourceDefinition({ name: `widgets.${group}` });
    }
  });

  it("reads a pod's logs through the apiserver from kwok's kubelet API", async () => {
    const namespace = kube.namespace;
    await kube.core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: 'logger' },
        spec: { containers: [{ name: 'main', image: 'registry.invalid/logger:1' }] },
      },
    });
    await eventually('the pod to run', async () => {
      const pod = await kube.core.readNamespacedPod({ name: 'logger', namespace });
      return pod.status?.phase === 'Running' ? pod : undefined;
    });
    const logs = await kube.core.readNamespacedPodLog({ name: 'logger', namespace, container: 'main' });
    expect(logs).toContain('kube-sim: container started on a kwok fake node');
    expect(logs.trim().split('\n')).toHaveLength(3);

    const tail = await kube.core.readNamespacedPodLog({ name: 'logger', namespace, tailLines: 1 });
    expect(tail.trim()).toBe('kube-sim: this line went to stderr');
  });
});
