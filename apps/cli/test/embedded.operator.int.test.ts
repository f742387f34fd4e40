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
      env: { KUBERNETES: 'required', KUBECONFIG: kube.kubeconfigPath, KUBE_SIM_NAME: 'none-such-cluster' },
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

  it('every system template reaches Ready, volumes included (kube-sim binds claims of its default StorageClass)', async () => {
    // Enterprise: no deployment limit, and dedicated isolation, so one node is labelled for the org
    // (as an administrator would: README "Dedicated nodes").
    const big = await buildOrg(t, { tier: 'enterprise' });
    const label = 'k8s-scheduler.io/dedicated-org';
    const setLabel = async (value: string | null) => {
      const node = await kube.core.readNode({ name: 'kwok-node-3' });
      const labels = { ...node.metadata!.labels };
      if (value === null) delete labels[label];
      else labels[label] = value;
      await kube.core.replaceNode({
        name: 'kwok-node-3',
        body: { ...node, metadata: { ...node.metadata, labels } },
      });
    };
    await setLabel(big.org.id);
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/templates?limit=50', headers: big.as.viewer.headers })
    ).json() as { items: { id: string; name: string; visibility: string }[] };
    const system = list.items.filter((x) => x.visibility === 'system');
    expect(system.length).toBeGreaterThanOrEqual(6);
    const ids: Record<string, string> = {};
    for (const template of system) {
      const detail = (
        await t.app.inject({
          method: 'GET',
          url: `/api/templates/${template.id}`,
          headers: big.as.viewer.headers,
        })
      ).json() as {
        spec: { envVars?: { name: string; required?: boolean; secret?: boolean; default?: string }[] };
      };
      const inputs: Record<string, string> = {};
      const secrets: Record<string, string> = {};
      for (const v of detail.spec.envVars ?? []) {
        if (v.secret) secrets[v.name] = 'a-long-enough-secret-value';
        else if (v.required && v.default === undefined) inputs[v.name] = 'value';
      }
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/deployments',
        headers: big.as.developer.headers,
        payload: {
          teamId: big.team.id,
          templateId: template.id,
          name: `sys-${template.name}`.slice(0, 40),
          inputs,
          secrets,
        },
      });
      expect(res.statusCode, `${template.name}: ${res.body}`).toBe(201);
      ids[template.name] = res.json().id;
    }
    try {
      const phases = async () => {
        const out: Record<string, string> = {};
        for (const [name, id] of Object.entries(ids)) {
          const got = (
            await t.app.inject({
              method: 'GET',
              url: `/api/deployments/${id}`,
              headers: big.as.viewer.headers,
            })
          ).json() as { phase: string; message?: string };
          out[name] = got.phase === 'Ready' ? 'Ready' : `${got.phase}: ${got.message ?? ''}`;
        }
        return out;
      };
      const deadline = Date.now() + 240_000;
      let last = await phases();
      while (Object.values(last).some((p) => p !== 'Ready') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2_000));
        last = await phases();
      }
      expect(last).toEqual(Object.fromEntries(Object.keys(ids).map((n) => [n, 'Ready'])));
    } finally {
      await setLabel(null);
      await kube.core
        .deleteNamespace({ name: `ks-org-${big.org.slug}-${big.org.id.slice(0, 8)}` })
        .catch(() => undefined);
    }
  }, 300_000);
});
