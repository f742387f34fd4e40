import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GROUP, LABELS, TENANT_PLURAL, VERSION } from '@k8s-scheduler/crds';
import { childNames, SECRET_CHECKSUM_ANNOTATION } from '@k8s-scheduler/domain';
import { createOperator, type Operator } from '@k8s-scheduler/operator';
import { describeWithKube, eventually, useKubeCluster } from '../../../test/setup/kube';
import { startTestPlatform, type TestPlatform } from '../../server/test/harness';
import { buildOrg, type Tenant } from '../../server/test/authz/factories';
import { keyringFrom, loadOrCreateKeyFile } from '@k8s-scheduler/secrets';
import { createBuiltinStore } from '../../server/src/modules/secrets/builtin.store';
import { createSecretSource } from '../../server/src/modules/secrets/secret.source';
import { paths } from '../../server/src/modules/secrets/secrets.testing';

/**
 * End to end on the local control plane: an org secret set through the API reaches the pod spec's
 * Secret of a deployment created through the deployments API (delivered by the operator with the
 * server's SecretSource); changing the value rolls the pods (new checksum, new ReplicaSet).
 */
describeWithKube('secrets on the local control plane', () => {
  const kube = useKubeCluster();
  let t: TestPlatform;
  let org: Tenant;
  let operator: Operator | undefined;
  const operatorLogs: string[] = [];

  beforeAll(async () => {
    t = await startTestPlatform({
      env: {
        KUBERNETES: 'required',
        KUBECONFIG: kube.kubeconfigPath,
        KUBE_SIM_NAME: 'none-such-cluster',
        INSTALL_CRDS: 'true',
      },
    });
    org = await buildOrg(t, { tier: 'business' });
  });
  afterAll(async () => {
    await operator?.stop();
    await t?.close();
    if (org) {
      const ns = `ks-org-${org.org.slug}-${org.org.id.slice(0, 8)}`;
      await kube.core.deleteNamespace({ name: ns }).catch(() => undefined);
      await kube.custom
        .deleteClusterCustomObject({
          group: GROUP,
          version: VERSION,
          plural: TENANT_PLURAL,
          name: `org-${org.org.id}`,
        })
        .catch(() => undefined);
    }
  });

  it('org secret → key in the Secret of the pod spec; a new value rolls the pods; no value in events or logs', async () => {
    const owner = org.as.org_owner;
    const put = (value: string) =>
      t.app.inject({
        method: 'PUT',
        url: paths.org(org.org.id, 'API_TOKEN'),
        headers: owner.headers,
        payload: { value },
      });
    expect((await put('first-token-value-e2e')).statusCode).toBe(200);

    const templates = await t.app.inject({
      method: 'GET',
      url: '/api/templates?search=static-site',
      headers: owner.headers,
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: owner.headers,
      payload: { teamId: org.team.id, templateId: templates.json().items[0].id, name: 'site-secrets' },
    });
    expect(created.statusCode).toBe(201);
    const namespace = created.json().namespace as string;

    // The operator, limited to this org, with the server's secret source (built-in store).
    const { key } = await loadOrCreateKeyFile(t.config.dataDir);
    const db = t.platform.database.db;
    operator = createOperator({
      kubeConfig: kube.kc,
      logger: pino(
        { level: 'debug' },
        new Writable({
          write(chunk: Buffer, _e, done) {
            operatorLogs.push(chunk.toString());
            done();
          },
        }),
      ),
      config: {
        watchNamespace: namespace,
        labelSelector: `${LABELS.org}=${org.org.id}`,
        leaderElection: false,
        notReadyRequeueMs: 1000,
      },
      secretSource: createSecretSource(db, createBuiltinStore(db, keyringFrom(key))),
    });
    await operator.start();

    const secretName = childNames.secret('site-secrets', 'web');
    const workload = childNames.workload('site-secrets', 'web');
    const secretValue = async (): Promise<string | undefined> => {
      const s = await kube.core.readNamespacedSecret({ name: secretName, namespace });
      const b64 = s.data?.API_TOKEN;
      return b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('utf8');
    };
    await eventually(
      'API_TOKEN in the Secret',
      async () => ((await secretValue()) === 'first-token-value-e2e' ? true : undefined),
      60_000,
    );
    // The Secret is applied before the Deployment that references it: wait for the Deployment too.
    const dep1 = await eventually(
      'the Deployment',
      () => kube.apps.readNamespacedDeployment({ name: workload, namespace }),
      60_000,
    );
    const container = dep1.spec?.template.spec?.containers[0];
    expect(container?.envFrom).toEqual([{ secretRef: { name: secretName } }]);
    const checksum1 = dep1.spec?.template.metadata?.annotations?.[SECRET_CHECKSUM_ANNOTATION];
    expect(checksum1).toMatch(/^[0-9a-f]{8,}$/);
    const replicaSets = async () =>
      (await kube.apps.listNamespacedReplicaSet({ namespace })).items.filter((r) =>
        r.metadata?.ownerReferences?.some((o) => o.kind === 'Deployment' && o.name === workload),
      );
    await eventually(
      'the first ReplicaSet',
      async () => ((await replicaSets()).length >= 1 ? true : undefined),
      60_000,
    );
    const before = new Set((await replicaSets()).map((r) => r.metadata?.name));

    // A new value: the server re-applies the UserDeployment, the operator rewrites the Secret and
    // the pod template checksum, the Deployment controller rolls out a new ReplicaSet.
    expect((await put('second-token-value-e2e')).statusCode).toBe(200);
    await eventually(
      'the new value in the Secret',
      async () => ((await secretValue()) === 'second-token-value-e2e' ? true : undefined),
      60_000,
    );
    const dep2 = await eventually(
      'a new pod-template checksum',
      async () => {
        const d = await kube.apps.readNamespacedDeployment({ name: workload, namespace });
        const c = d.spec?.template.metadata?.annotations?.[SECRET_CHECKSUM_ANNOTATION];
        return c && c !== checksum1 ? d : undefined;
      },
      60_000,
    );
    expect(dep2.metadata?.generation).toBeGreaterThan(dep1.metadata?.generation ?? 0);
    const rolled = await eventually(
      'a new ReplicaSet',
      async () => {
        const fresh = (await replicaSets()).filter((r) => !before.has(r.metadata?.name));
        return fresh.length > 0 ? fresh : undefined;
      },
      60_000,
    );
    expect(rolled[0]?.spec?.template?.metadata?.annotations?.[SECRET_CHECKSUM_ANNOTATION]).toBe(
      dep2.spec?.template.metadata?.annotations?.[SECRET_CHECKSUM_ANNOTATION],
    );

    // Values never reach Kubernetes Events, the UserDeployment or the operator's logs.
    const events = await kube.core.listNamespacedEvent({ namespace });
    const ud = await kube.custom.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: 'userdeployments',
      namespace,
      name: 'site-secrets',
    });
    for (const text of [JSON.stringify(events.items), JSON.stringify(ud), operatorLogs.join('\n')]) {
      expect(text).not.toContain('token-value-e2e');
    }
  });
});
