import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LABELS } from '@k8s-scheduler/crds';
import {
  ensureCluster,
  findFreePortBase,
  restartApiServer,
  stopCluster,
} from '../../../tools/kube-sim/cluster';
import { describeWithKube, useKubeCluster } from '../../../test/setup/kube';
import {
  TEST_RUN_LABEL,
  UD_TYPE,
  buildService,
  buildUserDeployment,
  installPlatformCrds,
  kubeConfigFrom,
  runId,
  statusOf,
  testClient,
  testLogger,
  waitFor,
} from '../test/operator.fixtures';
import { type KubeClient, Kinds } from '@k8s-scheduler/kube';
import { createOperator, type Operator } from './operator';

const here = dirname(fileURLToPath(import.meta.url));

async function allReady(
  client: KubeClient,
  namespace: string,
  names: string[],
): Promise<boolean | undefined> {
  const list = await client.list(UD_TYPE, { namespace });
  const ready = new Set(list.items.filter((u) => statusOf(u)?.phase === 'Ready').map((u) => u.metadata.name));
  return names.every((n) => ready.has(n)) ? true : undefined;
}

describeWithKube('operator: killed mid-reconcile and restarted', () => {
  const kube = useKubeCluster({ namespacePrefix: 'opk' });
  const run = runId();
  let client: KubeClient;
  let child: ChildProcess | undefined;
  let successor: Operator | undefined;

  beforeAll(async () => {
    client = testClient(kube.kubeconfigPath);
    await installPlatformCrds(client);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await successor?.stop();
    await client?.close();
  });

  it('converges with no duplicate children after a SIGKILL and a Lease takeover', async () => {
    const config = {
      watchNamespace: kube.namespace,
      labelSelector: `${TEST_RUN_LABEL}=${run}`,
      leaseNamespace: kube.namespace,
      leaseName: 'operator',
      concurrency: 2,
      notReadyRequeueMs: 1_000,
    };
    const proc = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(here, '../test/operator.process.ts'),
        JSON.stringify({ kubeconfigPath: kube.kubeconfigPath, config }),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      proc.stdout?.on('data', (d: Buffer) => (d.toString().includes('leading') ? resolve() : undefined));
      proc.once('exit', (code) => reject(new Error(`operator process exited early (${code})`)));
    });

    const names = Array.from({ length: 12 }, (_, i) => `app-${i}`);
    await Promise.all(
      names.map((name) =>
        client.create(
          buildUserDeployment({
            namespace: kube.namespace,
            name,
            run,
            spec: {
              services: [
                buildService({ name: 'web' }),
                buildService({ name: 'api', configFiles: [{ path: '/etc/a.conf', content: 'x' }] }),
              ],
            },
          }),
        ),
      ),
    );
    // Kill it while it is part-way through: some children exist, not all.
    const partial = await waitFor(
      'some children',
      async () => {
        const deps = await client.list(Kinds.deployment, { namespace: kube.namespace });
        return deps.items.length >= 3 ? deps.items.length : undefined;
      },
      60_000,
      20,
    );
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    child = undefined;
    expect(partial).toBeLessThan(names.length * 2);

    successor = createOperator({
      kubeConfig: kubeConfigFrom(kube.kubeconfigPath),
      logger: testLogger,
      config: { ...config, identity: 'successor' },
    });
    await successor.start();
    // The dead holder never released the Lease: the successor takes over once it expires.
    await waitFor('successor leads', async () => (successor?.isLeader() ? true : undefined), 40_000);
    await waitFor('every deployment Ready', () => allReady(client, kube.namespace, names), 90_000);

    const deployments = await client.list(Kinds.deployment, { namespace: kube.namespace });
    expect(deployments.items.map((d) => d.metadata.name).sort()).toEqual(
      names.flatMap((n) => [`${n}-api`, `${n}-web`]).sort(),
    );
    const replicaSets = await client.list(
      { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
      { namespace: kube.namespace },
    );
    // One ReplicaSet per Deployment: no spurious re-rollout from a second, different apply.
    expect(replicaSets.items).toHaveLength(names.length * 2);
    const pods = await client.list(Kinds.pod, { namespace: kube.namespace });
    expect(pods.items.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(names.length * 2);
    for (const kind of [Kinds.service, Kinds.configMap, Kinds.networkPolicy]) {
      const items = (await client.list(kind, { namespace: kube.namespace, labelSelector: LABELS.deployment }))
        .items;
      const perOwner = new Map<string, number>();
      for (const item of items) perOwner.set(item.metadata.name, (perOwner.get(item.metadata.name) ?? 0) + 1);
      expect([...perOwner.values()].every((n) => n === 1)).toBe(true);
    }
    expect((await client.list(Kinds.networkPolicy, { namespace: kube.namespace })).items).toHaveLength(
      names.length,
    );

    for (const name of names) await client.delete(UD_TYPE, name, kube.namespace);
    await waitFor(
      'deleted',
      async () =>
        (await client.list(UD_TYPE, { namespace: kube.namespace })).items.length === 0 ? true : undefined,
      60_000,
    );
  });
});

describeWithKube('operator: API server restart', () => {
  // A cluster of its own: restarting the shared one would disturb every other test file.
  const clusterName = 'op-restart';
  const run = runId();
  const namespace = 'restart-test';
  let client: KubeClient;
  let operator: Operator | undefined;

  beforeAll(async () => {
    const cluster = await ensureCluster({
      name: clusterName,
      portBase: await findFreePortBase(),
      onProgress: () => undefined,
    });
    client = testClient(cluster.kubeconfigPath);
    await installPlatformCrds(client);
    if (!(await client.get(Kinds.namespace, namespace))) {
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    }
    operator = createOperator({
      kubeConfig: kubeConfigFrom(cluster.kubeconfigPath),
      logger: testLogger,
      config: {
        watchNamespace: namespace,
        labelSelector: `${TEST_RUN_LABEL}=${run}`,
        leaderElection: false,
        notReadyRequeueMs: 1_000,
      },
    });
    await operator.start();
  }, 300_000);

  afterAll(async () => {
    await operator?.stop();
    await client?.close();
    await stopCluster(clusterName, { onProgress: () => undefined });
  });

  it('resumes its watches and handles changes made after the restart', async () => {
    await client.create(
      buildUserDeployment({ namespace, name: 'before', run, spec: { ingress: undefined } }),
    );
    await waitFor('before Ready', () => allReady(client, namespace, ['before']));
    const restartsBefore = (await operator!.metrics.watchRestarts.get()).values.reduce(
      (s, v) => s + v.value,
      0,
    );

    await restartApiServer(clusterName, () => undefined);

    // A change to an existing object and a brand-new object, both after the restart.
    await client.mergePatch(UD_TYPE, 'before', namespace, {
      spec: { services: [buildService({ replicas: 2 })] },
    });
    await client.create(buildUserDeployment({ namespace, name: 'after', run, spec: { ingress: undefined } }));
    await waitFor('after Ready', () => allReady(client, namespace, ['after']), 90_000);
    await waitFor(
      'scaled',
      async () => {
        const s = statusOf(await client.get(UD_TYPE, 'before', namespace));
        return s?.phase === 'Ready' && s.services?.[0]?.readyReplicas === 2 ? true : undefined;
      },
      90_000,
    );
    const restartsAfter = (await operator!.metrics.watchRestarts.get()).values.reduce(
      (s, v) => s + v.value,
      0,
    );
    expect(restartsAfter).toBeGreaterThan(restartsBefore);
  });
});
