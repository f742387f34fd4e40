import { CoreV1Api, KubeConfig, Watch, type V1ConfigMap, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKube, eventually, uniqueName } from '../../test/setup/kube';
import { ensureCluster, findFreePortBase, restartApiServer, stopCluster } from './cluster';

type Event = { type: string; name: string; resourceVersion: string; code: number | undefined };

// Restarting the apiserver would break every other test file using the run's shared cluster, so
// this file brings up a throwaway cluster of its own.
describeWithKube('kube-sim: restarting only the API server', () => {
  const name = `restart-${process.pid}`;
  let kc: KubeConfig;
  let core: CoreV1Api;
  const quiet = (): void => undefined;

  beforeAll(async () => {
    const cluster = await ensureCluster({ name, portBase: await findFreePortBase(), onProgress: quiet });
    kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    core = kc.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await stopCluster(name, { onProgress: quiet, purge: true });
  });

  const watchConfigMaps = async (namespace: string, resourceVersion: string | undefined, events: Event[]) => {
    const ended: { err: unknown }[] = [];
    const controller = await new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      resourceVersion === undefined ? {} : { resourceVersion },
      (type, obj: V1ConfigMap & V1Status) =>
        events.push({
          type,
          name: obj.metadata?.name ?? '',
          resourceVersion: obj.metadata?.resourceVersion ?? '',
          code: obj.code,
        }),
      (err) => ended.push({ err }),
    );
    return { controller, ended };
  };

  it('ends open watches and keeps the data; a watch resumed as informers do (relist on 410 Gone) sees new events', async () => {
    const namespace = uniqueName('restart');
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const before: Event[] = [];
    const first = await watchConfigMaps(namespace, undefined, before);
    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'before' }, data: { a: '1' } },
    });
    const seen = await eventually(
      'ADDED before',
      async () => before.find((e) => e.name === 'before'),
      10_000,
    );

    await restartApiServer(name, quiet);

    await eventually(
      'the open watch to end',
      async () => (first.ended.length > 0 ? true : undefined),
      30_000,
    );
    first.controller.abort();
    const cm = await core.readNamespacedConfigMap({ name: 'before', namespace });
    expect(cm.data).toEqual({ a: '1' });

    // The new apiserver's watch cache starts at the current revision, so resuming from a
    // resourceVersion seen before the restart normally answers 410 Gone: relist, then watch on.
    const resumed: Event[] = [];
    let active = await watchConfigMaps(namespace, seen.resourceVersion, resumed);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const gone = resumed.find((e) => e.type === 'ERROR');
    if (gone) {
      expect(gone.code).toBe(410);
      active.controller.abort();
      const list = await core.listNamespacedConfigMap({ namespace });
      expect(list.items.map((i) => i.metadata?.name)).toContain('before');
      resumed.length = 0;
      active = await watchConfigMaps(namespace, list.metadata?.resourceVersion, resumed);
    }
    try {
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'after' } } });
      await eventually('ADDED after', async () => resumed.find((e) => e.name === 'after'), 10_000);
      expect(resumed.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED after']);
    } finally {
      active.controller.abort();
    }
  });
});
