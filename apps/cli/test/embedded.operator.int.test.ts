import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKube, eventually, useKubeCluster } from '../../../test/setup/kube';
import { startTestPlatform, type TestPlatform } from '../../server/test/harness';
import { buildOrg, type Tenant } from '../../server/test/authz/factories';
import { createEmbeddedPlatform } from '../src/embedded';

describeWithKube('deployments with the embedded operator (start mode)', () => {
  const kube = useKubeCluster();
  let t: TestPlatform;
  let org: Tenant;

  beforeAll(async () => {
    t = await startTestPlatform({
      mode: 'start',
      create: createEmbeddedPlatform,
      env: { KUBERNETES: 'required', KUBECONFIG: kube.kubeconfigPath, KUBE_SIM_CLUSTER: 'none-such-cluster' },
    });
    org = await buildOrg(t, { tier: 'business' });
  });
  afterAll(async () => {
    await t?.close();
    if (org)
      await kube.core
        .deleteNamespace({ name: `ks-org-${org.org.slug}-${org.org.id.slice(0, 8)}` })
        .catch(() => undefined);
  });

  it('POST → the operator reconciles → status (phase, conditions, observedGeneration) comes back to the API', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/templates?search=static-site',
      headers: org.as.viewer.headers,
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: org.as.developer.headers,
      payload: { teamId: org.team.id, templateId: list.json().items[0].id, name: 'op-site' },
    });
    expect(res.statusCode).toBe(201);
    const d = await eventually(
      'a status from the operator',
      async () => {
        const got = (
          await t.app.inject({
            method: 'GET',
            url: `/api/deployments/${res.json().id}`,
            headers: org.as.viewer.headers,
          })
        ).json();
        return got.observedGeneration === 1 && got.conditions.length > 0 ? got : undefined;
      },
      60_000,
      500,
    );
    expect(['Provisioning', 'Ready']).toContain(d.phase);
    expect(d.conditions.map((c: { type: string }) => c.type)).toContain('Ready');
    const deployment = await eventually('the operator-made Deployment', async () => {
      const items = (await kube.apps.listNamespacedDeployment({ namespace: d.namespace })).items;
      return items.length > 0 ? items : undefined;
    });
    expect(deployment[0]!.metadata?.labels?.['k8s-scheduler.io/deployment']).toBe('op-site');
  });
});
