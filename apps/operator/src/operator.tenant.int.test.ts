import { expect, it } from 'vitest';
import { FINALIZER } from '@k8s-scheduler/crds';
import { describeWithKube, uniqueName, useKubeCluster } from '../../../test/setup/kube';
import {
  TENANT_TYPE,
  UD_TYPE,
  buildService,
  buildTenant,
  buildUserDeployment,
  runId,
  statusOf,
  waitFor,
} from '../test/operator.fixtures';
import { Kinds } from '@k8s-scheduler/kube';
import { useTestOperator } from './operator.testing';

type Quota = { spec: { hard: Record<string, string> } };

describeWithKube('operator: Tenant', () => {
  const kube = useKubeCluster({ namespacePrefix: 'opt' });
  const run = runId();
  const op = useTestOperator(kube, { run, config: { leaderElection: false } });

  it('makes namespace, quota, limits and policies; a tier change updates quota and policies; delete removes the namespace', async () => {
    const name = uniqueName('acme');
    const namespace = `ks-${name}`;
    await op.client.create(buildTenant({ name, run, namespace }));
    await waitFor('tenant Ready', async () =>
      statusOf(await op.client.get(TENANT_TYPE, name))?.phase === 'Ready' ? true : undefined,
    );
    const tenant = await op.client.get(TENANT_TYPE, name);
    expect(tenant?.metadata.finalizers).toContain(FINALIZER);
    const ns = await op.client.get(Kinds.namespace, namespace);
    expect(ns?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Tenant', name });
    const quota = (await op.client.get(Kinds.resourceQuota, 'ks-quota', namespace)) as unknown as Quota;
    expect(quota.spec.hard['requests.cpu']).toBe('8');
    expect(await op.client.get(Kinds.limitRange, 'ks-limits', namespace)).not.toBeNull();
    const policies = async () =>
      (await op.client.list(Kinds.networkPolicy, { namespace })).items.map((p) => p.metadata.name).sort();
    expect(await policies()).toEqual(['ks-allow-dns', 'ks-allow-internet-egress', 'ks-default-deny']);

    await op.client.mergePatch(TENANT_TYPE, name, undefined, {
      spec: { tier: 'enterprise', isolation: 'dedicated', quota: { cpu: '32', memory: '64Gi' } },
    });
    await waitFor('quota raised', async () => {
      const q = (await op.client.get(Kinds.resourceQuota, 'ks-quota', namespace)) as unknown as Quota | null;
      return q?.spec.hard['requests.cpu'] === '32' && q.spec.hard['limits.memory'] === '64Gi'
        ? true
        : undefined;
    });
    await waitFor('policies restricted', async () => {
      const names = await policies();
      return names.join(',') === 'ks-allow-dns,ks-default-deny' ? true : undefined;
    });

    await op.client.delete(TENANT_TYPE, name);
    await waitFor('tenant gone', async () =>
      (await op.client.get(TENANT_TYPE, name)) === null ? true : undefined,
    );
    await waitFor('namespace terminating or gone', async () => {
      const live = await op.client.get(Kinds.namespace, namespace);
      return live === null || live.metadata.deletionTimestamp ? true : undefined;
    });
  });

  it('pins the deployments of a dedicated tenant to its nodes', async () => {
    const name = uniqueName('ded');
    await op.client.create(
      buildTenant({
        name,
        run,
        namespace: `ks-${name}`,
        spec: {
          orgId: 'org-ded',
          isolation: 'dedicated',
          tier: 'enterprise',
          dedicatedNodes: { nodeSelector: { pool: name } },
        },
      }),
    );
    await op.client.create(
      buildUserDeployment({
        namespace: kube.namespace,
        name: 'pinned',
        run,
        spec: { orgId: 'org-ded', isolation: 'dedicated', ingress: undefined },
      }),
    );
    const dep = await waitFor('pinned workload', () =>
      op.client.get(Kinds.deployment, 'pinned-web', kube.namespace).then((d) => d ?? undefined),
    );
    const pod = (
      dep.spec as { template: { spec: { nodeSelector?: Record<string, string>; tolerations?: unknown[] } } }
    ).template.spec;
    expect(pod.nodeSelector).toEqual({ pool: name });
    expect(pod.tolerations).toEqual([
      { key: 'k8s-scheduler.io/dedicated', operator: 'Equal', value: 'org-ded', effect: 'NoSchedule' },
    ]);
    await op.client.delete(UD_TYPE, 'pinned', kube.namespace);
    await op.client.delete(TENANT_TYPE, name);
    await waitFor('cleaned up', async () =>
      (await op.client.get(UD_TYPE, 'pinned', kube.namespace)) === null &&
      (await op.client.get(TENANT_TYPE, name)) === null
        ? true
        : undefined,
    );
  });
});

describeWithKube('operator: External Secrets', () => {
  const kube = useKubeCluster({ namespacePrefix: 'opes' });
  const run = runId();
  const op = useTestOperator(kube, {
    run,
    externalSecrets: true,
    config: {
      leaderElection: false,
      clusterSecretStore: 'vault',
      externalSecretsApiVersion: 'external-secrets.io/v1',
    },
  });

  it('creates an ExternalSecret the API server accepts, and reports secrets as not yet synced', async () => {
    await op.client.create(
      buildUserDeployment({
        namespace: kube.namespace,
        name: 'vaulted',
        run,
        spec: {
          services: [
            buildService({
              envFrom: [
                { key: 'DB_URL', tier: 'deployment' },
                { key: 'ORG_KEY', tier: 'organization' },
              ],
            }),
          ],
          secretRefs: { organization: ['ORG_KEY'], deployment: ['DB_URL'], services: [] },
        },
      }),
    );
    const es = await waitFor('ExternalSecret', () =>
      op.client
        .get(
          { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret' },
          'vaulted-web-env',
          kube.namespace,
        )
        .then((o) => o ?? undefined),
    );
    const spec = es.spec as {
      secretStoreRef: unknown;
      target: unknown;
      data: Array<{ secretKey: string; remoteRef: { key: string } }>;
    };
    expect(spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(spec.target).toMatchObject({ name: 'vaulted-web-env', creationPolicy: 'Owner' });
    expect(spec.data.map((d) => `${d.secretKey}=${d.remoteRef.key}`)).toEqual([
      'DB_URL=k8s-scheduler/orgs/org-1/deployments/dep-vaulted',
      'ORG_KEY=k8s-scheduler/orgs/org-1',
    ]);
    expect(await op.client.get(Kinds.secret, 'vaulted-web-env', kube.namespace)).toBeNull();
    const status = await waitFor('SecretsSynced reported', async () => {
      const s = statusOf(await op.client.get(UD_TYPE, 'vaulted', kube.namespace));
      return s?.conditions?.some((c) => c.type === 'SecretsSynced') ? s : undefined;
    });
    expect(status.conditions?.find((c) => c.type === 'SecretsSynced')).toMatchObject({
      status: 'False',
      reason: 'Syncing',
    });
    expect(status.phase).toBe('Provisioning');

    await op.client.delete(UD_TYPE, 'vaulted', kube.namespace);
    await waitFor('deleted', async () =>
      (await op.client.get(UD_TYPE, 'vaulted', kube.namespace)) === null ? true : undefined,
    );
  });
});
