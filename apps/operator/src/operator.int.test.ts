import { beforeAll, expect, it } from 'vitest';
import { FINALIZER, LABELS } from '@k8s-scheduler/crds';
import { describeWithKube, useKubeCluster } from '../../../test/setup/kube';
import { RESTARTED_AT_ANNOTATION, SECRET_CHECKSUM_ANNOTATION } from '@k8s-scheduler/domain';
import {
  UD_TYPE,
  buildService,
  buildUserDeployment,
  runId,
  statusOf,
  waitFor,
} from '../test/operator.fixtures';
import { type KubeObject, Kinds } from '@k8s-scheduler/kube';
import { writeCount } from './metrics';
import { useTestOperator } from './operator.testing';

type DeploymentLike = KubeObject & {
  spec: {
    replicas: number;
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: { containers: Array<{ image: string }> };
    };
  };
  status?: { readyReplicas?: number; updatedReplicas?: number; observedGeneration?: number };
};

describeWithKube('operator: UserDeployment lifecycle', () => {
  const kube = useKubeCluster({ namespacePrefix: 'op' });
  const run = runId();
  const secretValues = new Map<string, string>([['API_TOKEN', 'v1']]);
  const op = useTestOperator(kube, {
    run,
    config: { leaseName: 'operator', notReadyRequeueMs: 1_000 },
    secretSource: async (ref) =>
      Object.fromEntries(ref.keys.map((k) => [k.key, secretValues.get(k.key) ?? ''])),
  });

  const readyStatus = async (name: string, generation?: number) => {
    let last: unknown;
    try {
      return await waitFor(`${name} Ready`, async () => {
        const ud = await op.client.get(UD_TYPE, name, kube.namespace);
        const status = statusOf(ud);
        last = { generation: ud?.metadata.generation, status };
        if (status?.phase !== 'Ready') return undefined;
        if (generation !== undefined && status.observedGeneration !== generation) return undefined;
        return { ud: ud!, status };
      });
    } catch (error) {
      // Say whether the cluster or the operator is behind: the live workloads' own status.
      const workloads = await op.client.list(Kinds.deployment, { namespace: kube.namespace });
      const live = workloads.items.map((d) => ({
        name: d.metadata.name,
        generation: d.metadata.generation,
        status: d.status,
      }));
      throw new Error(
        `${String(error)}; last seen: ${JSON.stringify(last)}; live workloads: ${JSON.stringify(live)}`,
        { cause: error },
      );
    }
  };

  const workload = async (name: string): Promise<DeploymentLike> =>
    (await op.client.get(Kinds.deployment, name, kube.namespace)) as DeploymentLike;

  const patchSpec = async (name: string, spec: Record<string, unknown>): Promise<number> => {
    const updated = await op.client.mergePatch(UD_TYPE, name, kube.namespace, { spec });
    return updated.metadata.generation ?? 0;
  };

  /** Patches one service of a live UserDeployment; returns the new generation. */
  const patchService = (
    ud: KubeObject,
    service: string,
    change: Record<string, unknown>,
  ): Promise<number> => {
    const services = (ud.spec as { services: Array<Record<string, unknown>> }).services.map((s) =>
      s.name === service ? { ...s, ...change } : s,
    );
    return patchSpec(ud.metadata.name, { services });
  };

  const eventReasons = async (name: string): Promise<Array<unknown>> => {
    const events = await op.client.list(Kinds.event, { namespace: kube.namespace });
    return events.items.filter((e) => (e.regarding as { name?: string }).name === name).map((e) => e.reason);
  };

  const secretValue = async (name: string, key: string): Promise<string> => {
    const secret = await op.client.get(Kinds.secret, name, kube.namespace);
    return Buffer.from(String((secret?.data as Record<string, string>)[key]), 'base64').toString();
  };

  beforeAll(async () => {
    await waitFor('leadership', async () => (op.operator.isLeader() ? true : undefined));
  });

  it('creates every child and reaches Ready with status, URLs and events', async () => {
    const ud = buildUserDeployment({
      namespace: kube.namespace,
      name: 'shop',
      run,
      spec: {
        services: [
          buildService({
            name: 'web',
            replicas: 2,
            envFrom: [{ key: 'API_TOKEN', tier: 'organization' }],
            configFiles: [{ path: '/etc/shop/app.yaml', content: 'debug: false\n' }],
            healthCheck: { http: { path: '/healthz', port: 8080 }, readiness: true, liveness: false },
          }),
          buildService({ name: 'worker', ports: [], replicas: 1 }),
        ],
        secretRefs: { organization: ['API_TOKEN'], deployment: [], services: [] },
      },
    });
    await op.client.create(ud);
    const { ud: live, status } = await readyStatus('shop');
    expect(live.metadata.finalizers).toContain(FINALIZER);
    expect(status.services).toEqual([
      { name: 'web', replicas: 2, readyReplicas: 2 },
      { name: 'worker', replicas: 1, readyReplicas: 1 },
    ]);
    expect(status.urls).toEqual(['https://shop.apps.test']);
    expect(status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(status.conditions?.find((c) => c.type === 'SecretsSynced')).toMatchObject({
      status: 'True',
      reason: 'Synced',
    });
    expect(status.observedGeneration).toBe(live.metadata.generation);

    const web = await workload('shop-web');
    expect(web.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'UserDeployment',
      name: 'shop',
      uid: live.metadata.uid,
    });
    expect(web.metadata.labels?.[LABELS.deployment]).toBe('shop');
    const svc = await op.client.get(Kinds.service, 'shop-web', kube.namespace);
    expect((svc?.spec as { type: string }).type).toBe('ClusterIP');
    expect(await op.client.get(Kinds.service, 'shop-worker', kube.namespace)).toBeNull();
    const ingress = await op.client.get(Kinds.ingress, 'shop', kube.namespace);
    expect(ingress?.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt');
    expect(ingress?.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname']).toBe(
      'shop.apps.test',
    );
    expect(await secretValue('shop-web-env', 'API_TOKEN')).toBe('v1');
    expect(await op.client.get(Kinds.configMap, 'shop-web-files', kube.namespace)).not.toBeNull();
    expect(await op.client.get(Kinds.networkPolicy, 'shop-net', kube.namespace)).not.toBeNull();

    expect(await eventReasons('shop')).toContain('Ready');
  });

  it('makes no write when reconciling an unchanged, Ready deployment', async () => {
    await readyStatus('shop');
    await op.operator.idle();
    const before = await writeCount(op.operator.metrics);
    // Touch an unrelated label: the UserDeployment changes (an event), its desired children do not.
    await op.client.mergePatch(UD_TYPE, 'shop', kube.namespace, { metadata: { labels: { touched: 'yes' } } });
    await new Promise((r) => setTimeout(r, 1_500));
    await op.operator.idle();
    expect(await writeCount(op.operator.metrics)).toBe(before);
  });

  it('rolls out an image change', async () => {
    const { ud } = await readyStatus('shop');
    const generation = await patchService(ud, 'web', { image: 'registry.local/shop-web:2.0.0' });
    const { status } = await readyStatus('shop', generation);
    const web = await workload('shop-web');
    expect(web.spec.template.spec.containers[0]?.image).toBe('registry.local/shop-web:2.0.0');
    expect(web.status?.updatedReplicas).toBe(2);
    expect(web.status?.observedGeneration).toBe(web.metadata.generation);
    expect(status.services?.find((s) => s.name === 'web')?.readyReplicas).toBe(2);
    expect(await eventReasons('shop')).toContain('Provisioning');
  });

  it('scales a service', async () => {
    const { ud } = await readyStatus('shop');
    const generation = await patchService(ud, 'worker', { replicas: 3 });
    const { status } = await readyStatus('shop', generation);
    expect(status.services?.find((s) => s.name === 'worker')).toEqual({
      name: 'worker',
      replicas: 3,
      readyReplicas: 3,
    });
    expect((await workload('shop-worker')).spec.replicas).toBe(3);
  });

  it('rolls the pods on restartedAt and on a secret change', async () => {
    const before = await workload('shop-web');
    const restartedAt = new Date().toISOString();
    let generation = await patchSpec('shop', { restartedAt });
    await readyStatus('shop', generation);
    const restarted = await workload('shop-web');
    expect(restarted.spec.template.metadata.annotations?.[RESTARTED_AT_ANNOTATION]).toBe(restartedAt);
    expect(restarted.metadata.generation).toBeGreaterThan(before.metadata.generation ?? 0);

    secretValues.set('API_TOKEN', 'v2');
    generation = await patchSpec('shop', { secretsRevision: '2' });
    await readyStatus('shop', generation);
    const rolled = await workload('shop-web');
    expect(rolled.spec.template.metadata.annotations?.[SECRET_CHECKSUM_ANNOTATION]).not.toBe(
      restarted.spec.template.metadata.annotations?.[SECRET_CHECKSUM_ANNOTATION],
    );
    expect(await secretValue('shop-web-env', 'API_TOKEN')).toBe('v2');
  });

  it('prunes children that are no longer desired', async () => {
    const generation = await patchSpec('shop', { ingress: null });
    await readyStatus('shop', generation);
    await waitFor('ingress pruned', async () =>
      (await op.client.get(Kinds.ingress, 'shop', kube.namespace)) === null ? true : undefined,
    );
  });

  it('deletes every child and then removes the finalizer', async () => {
    await op.client.delete(UD_TYPE, 'shop', kube.namespace);
    await waitFor('UserDeployment gone', async () =>
      (await op.client.get(UD_TYPE, 'shop', kube.namespace)) === null ? true : undefined,
    );
    for (const type of [
      Kinds.deployment,
      Kinds.service,
      Kinds.configMap,
      Kinds.secret,
      Kinds.ingress,
      Kinds.networkPolicy,
    ]) {
      const left = await op.client.list(type, {
        namespace: kube.namespace,
        labelSelector: `${LABELS.deployment}=shop`,
      });
      expect(left.items.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
    }
  });
});
