import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  API_VERSION,
  GROUP,
  USER_DEPLOYMENT_KIND,
  USER_DEPLOYMENT_PLURAL,
  VERSION,
  TENANT_PLURAL,
} from '@k8s-scheduler/crds';
import { describeWithKube, eventually, useKubeCluster } from '../../../../../test/setup/kube';
import type { TestPlatform } from '../../../test/harness';
import { removeTenantFromCluster, startPlatformOnCluster } from '../../../test/kube.platform';
import { buildOrg, type Actor, type Tenant } from '../../../test/authz/factories';
import { APPLIED_MESSAGE } from '../../outbox/outbox.effects';
import { SERVER_FIELD_MANAGER } from '../../kube/kube.http';

type Ud = {
  metadata: {
    name: string;
    namespace: string;
    generation: number;
    resourceVersion: string;
    managedFields?: { manager: string }[];
    labels: Record<string, string>;
  };
  spec: Record<string, unknown> & {
    restartedAt?: string;
    services: { configFiles: { content: string }[] }[];
  };
};

describeWithKube('deployments on the local control plane', () => {
  const kube = useKubeCluster();
  let t: TestPlatform;
  let org: Tenant;
  let staticSite: string;
  const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      headers: actor.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const getUd = async (namespace: string, name: string): Promise<Ud | undefined> => {
    try {
      return (await kube.custom.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        plural: USER_DEPLOYMENT_PLURAL,
        namespace,
        name,
      })) as Ud;
    } catch {
      return undefined;
    }
  };

  /** Deploys the static site as `name` and waits for its UserDeployment on the cluster. */
  const deployAndAwait = async (name: string) => {
    const res = await call(org.as.developer, 'POST', '/api/deployments', {
      teamId: org.team.id,
      templateId: staticSite,
      name,
    });
    const d = res.json();
    return { d, ud: await eventually('created', () => getUd(d.namespace, name), 30_000) };
  };

  beforeAll(async () => {
    t = await startPlatformOnCluster(kube);
    org = await buildOrg(t, { tier: 'business' });
    const list = await call(org.as.viewer, 'GET', '/api/templates?search=static-site');
    staticSite = list.json().items[0].id;
  });
  afterAll(async () => {
    await t?.close();
    if (org) await removeTenantFromCluster(kube, org);
  });

  it('create → the UserDeployment exists with the rendered spec, applied by the server; the tenant too', async () => {
    const res = await call(org.as.developer, 'POST', '/api/deployments', {
      teamId: org.team.id,
      templateId: staticSite,
      name: 'site-a',
      inputs: { SITE_TITLE: 'Kube' },
    });
    expect(res.statusCode).toBe(201);
    const d = res.json();
    const ud = await eventually('the UserDeployment', () => getUd(d.namespace, 'site-a'), 30_000);
    const row = await t.platform.database.db.query.deployments.findFirst({
      where: (x, { eq }) => eq(x.id, d.id),
    });
    expect(ud.spec).toEqual(row!.spec);
    expect(ud.spec.services[0]!.configFiles[0]!.content).toContain('<title>Kube</title>');
    expect(ud.metadata.labels['k8s-scheduler.io/deployment']).toBe(d.id);
    expect(ud.metadata.managedFields?.map((f) => f.manager)).toContain(SERVER_FIELD_MANAGER);
    const tenant = (await kube.custom.getClusterCustomObject({
      group: GROUP,
      version: VERSION,
      plural: TENANT_PLURAL,
      name: `org-${org.org.id}`,
    })) as { spec: { namespace: string } };
    expect(tenant.spec.namespace).toBe(d.namespace);
    await eventually(
      'the applied message',
      async () =>
        (await call(org.as.viewer, 'GET', `/api/deployments/${d.id}`)).json().message === APPLIED_MESSAGE
          ? true
          : undefined,
      10_000,
    );
  });

  it('update and restart reach the cluster; restart bumps restartedAt', async () => {
    const { d, ud: first } = await deployAndAwait('site-b');
    expect(first.spec.restartedAt).toBeUndefined();
    await call(org.as.developer, 'PATCH', `/api/deployments/${d.id}`, { inputs: { SITE_TITLE: 'Changed' } });
    await eventually(
      'the new title',
      async () => {
        const ud = await getUd(d.namespace, 'site-b');
        return ud?.spec.services[0]!.configFiles[0]!.content.includes('<title>Changed</title>')
          ? ud
          : undefined;
      },
      30_000,
    );
    const restarted = (await call(org.as.developer, 'POST', `/api/deployments/${d.id}/restart`)).json();
    const ud = await eventually(
      'restartedAt',
      async () => {
        const u = await getUd(d.namespace, 'site-b');
        return u?.spec.restartedAt === restarted.restartedAt ? u : undefined;
      },
      30_000,
    );
    expect(ud.metadata.generation).toBe(3);
    const again = (await call(org.as.developer, 'POST', `/api/deployments/${d.id}/restart`)).json();
    expect(Date.parse(again.restartedAt)).toBeGreaterThan(Date.parse(restarted.restartedAt));
    await eventually(
      'second restart',
      async () =>
        (await getUd(d.namespace, 'site-b'))?.spec.restartedAt === again.restartedAt ? true : undefined,
      30_000,
    );
  });

  it('brings the status of the custom resource back into the deployment', async () => {
    const { d, ud } = await deployAndAwait('site-c');
    const status = {
      phase: 'Ready',
      observedGeneration: ud.metadata.generation,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'AllReplicasReady',
          message: 'ready',
          lastTransitionTime: new Date().toISOString(),
        },
      ],
      services: [{ name: 'web', readyReplicas: 1, replicas: 1 }],
      urls: ['https://site-c.apps.localhost'],
      message: 'all services ready',
    };
    await kube.custom.replaceNamespacedCustomObjectStatus({
      group: GROUP,
      version: VERSION,
      plural: USER_DEPLOYMENT_PLURAL,
      namespace: d.namespace,
      name: 'site-c',
      body: {
        apiVersion: API_VERSION,
        kind: USER_DEPLOYMENT_KIND,
        metadata: { name: 'site-c', resourceVersion: ud.metadata.resourceVersion },
        spec: ud.spec,
        status,
      },
    });
    const synced = await eventually(
      'the synced status',
      async () => {
        const got = (await call(org.as.viewer, 'GET', `/api/deployments/${d.id}`)).json();
        return got.phase === 'Ready' ? got : undefined;
      },
      30_000,
    );
    expect(synced).toMatchObject({
      message: 'all services ready',
      urls: ['https://site-c.apps.localhost'],
      observedGeneration: 1,
      services: [{ name: 'web', readyReplicas: 1, replicas: 1 }],
      conditions: [{ type: 'Ready', status: 'True', reason: 'AllReplicasReady' }],
    });
  });

  it('delete removes the custom resource, then the deployment', async () => {
    const { d } = await deployAndAwait('site-d');
    expect((await call(org.as.developer, 'DELETE', `/api/deployments/${d.id}`)).statusCode).toBe(202);
    await eventually(
      'the object gone',
      async () => ((await getUd(d.namespace, 'site-d')) === undefined ? true : undefined),
      30_000,
    );
    await eventually(
      'the row gone',
      async () =>
        (await call(org.as.viewer, 'GET', `/api/deployments/${d.id}`)).statusCode === 404 ? true : undefined,
      30_000,
    );
    // The name is free again.
    expect(
      (
        await call(org.as.developer, 'POST', '/api/deployments', {
          teamId: org.team.id,
          templateId: staticSite,
          name: 'site-d',
        })
      ).statusCode,
    ).toBe(201);
  });
});
