import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeConfig, CustomObjectsApi } from '@kubernetes/client-node';
import { GROUP, USER_DEPLOYMENT_PLURAL, VERSION } from '@k8s-scheduler/crds';
import { ensureCluster, findFreePortBase, stopCluster } from '../../../../../tools/kube-sim/cluster';
import { describeWithKube, eventually } from '../../../../../test/setup/kube';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Tenant } from '../../../test/authz/factories';
import { pendingEntries } from '../../outbox/outbox.repo';
import { APPLIED_MESSAGE } from '../../outbox/outbox.effects';

// A cluster of its own, so stopping it does not disturb the run's shared test cluster.
const CLUSTER = process.env.KUBE_SIM_OUTAGE_NAME ?? 'deploy-outage';
const quiet = () => undefined;

describeWithKube('deployments survive a cluster outage', () => {
  let t: TestPlatform;
  let org: Tenant;
  let kubeconfigPath: string;
  let portBase: number;

  beforeAll(async () => {
    // Start once for the certificates and kubeconfig, then stop: the platform starts with no cluster.
    portBase = process.env.KUBE_SIM_OUTAGE_PORT_BASE
      ? Number(process.env.KUBE_SIM_OUTAGE_PORT_BASE)
      : await findFreePortBase(17400, 17700);
    kubeconfigPath = (await ensureCluster({ name: CLUSTER, portBase, onProgress: quiet })).kubeconfigPath;
    await stopCluster(CLUSTER, { onProgress: quiet });
    t = await startTestPlatform({
      env: { KUBERNETES: 'auto', KUBECONFIG: kubeconfigPath, KUBE_SIM_NAME: 'none-such-cluster' },
    });
    org = await buildOrg(t, { tier: 'business' });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    await stopCluster(CLUSTER, { onProgress: quiet, purge: true });
  }, 120_000);

  type Ud = { spec: { services: { configFiles: { content: string }[] }[] } };
  /** Starts the cluster again and waits until the UserDeployment there shows the page `<title>` given. */
  async function startClusterAndAwaitTitle(
    what: string,
    d: { namespace: string },
    name: string,
    title: string,
  ) {
    await ensureCluster({ name: CLUSTER, portBase, onProgress: quiet });
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    const custom = kc.makeApiClient(CustomObjectsApi);
    return eventually(
      what,
      async () => {
        const obj = (await custom.getNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          plural: USER_DEPLOYMENT_PLURAL,
          namespace: d.namespace,
          name,
        })) as Ud;
        return obj.spec.services[0]!.configFiles[0]!.content.includes(`<title>${title}</title>`)
          ? obj
          : undefined;
      },
      90_000,
      500,
    );
  }

  it('cluster stopped → create → cluster started → the resource appears; nothing is lost or reordered', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/templates?search=static-site',
      headers: org.as.viewer.headers,
    });
    const templateId = list.json().items[0].id as string;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: org.as.developer.headers,
      payload: { teamId: org.team.id, templateId, name: 'outage-site', inputs: { SITE_TITLE: 'first' } },
    });
    expect(res.statusCode).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ phase: 'Pending', message: 'no cluster connected' });
    // A second change while the cluster is away: it must win, after the first.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/deployments/${d.id}`,
      headers: org.as.developer.headers,
      payload: { inputs: { SITE_TITLE: 'second' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(
      await pendingEntries(t.platform.database.db, `UserDeployment/${d.namespace}/outage-site`),
    ).toHaveLength(2);

    const ud = await startClusterAndAwaitTitle(
      'the UserDeployment after the cluster came back',
      d,
      'outage-site',
      'second',
    );
    expect(ud.spec.services[0]!.configFiles[0]!.content).not.toContain('first');
    expect(await pendingEntries(t.platform.database.db)).toEqual([]);
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/deployments/${d.id}`,
      headers: org.as.viewer.headers,
    });
    expect(after.json()).toMatchObject({ phase: 'Pending', message: APPLIED_MESSAGE, generation: 2 });
  });
  it('connected, then the cluster restarts empty: the CRDs, namespace and objects are written again', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/deployments',
      headers: org.as.viewer.headers,
      query: { teamId: org.team.id },
    });
    const d = list.json().items[0] as { id: string; namespace: string; name: string };
    await stopCluster(CLUSTER, { onProgress: quiet });
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/deployments/${d.id}`,
      headers: org.as.developer.headers,
      payload: { inputs: { SITE_TITLE: 'third' } },
    });
    expect(patched.statusCode).toBe(200);
    // The entry waits, retried with backoff, while the API server is away.
    await eventually(
      'a failed attempt',
      async () => (((await pendingEntries(t.platform.database.db))[0]?.attempts ?? 0) > 0 ? true : undefined),
      30_000,
    );
    await startClusterAndAwaitTitle(
      'the UserDeployment on the restarted (empty) cluster',
      d,
      d.name,
      'third',
    );
  });
});
