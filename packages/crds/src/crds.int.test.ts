import type { ApiextensionsV1Api, V1CustomResourceDefinition } from '@kubernetes/client-node';
import { expect, it } from 'vitest';
import { describeWithKube, uniqueName, useKubeCluster } from '../../../test/setup/kube';
import {
  API_VERSION,
  GROUP,
  TENANT_KIND,
  TENANT_PLURAL,
  USER_DEPLOYMENT_KIND,
  USER_DEPLOYMENT_PLURAL,
  VERSION,
} from './constants';
import { setCondition } from './conditions';
import { crdManifests } from './manifests';
import type { UserDeploymentSpec, UserDeploymentStatus } from './userdeployment.schema';

function statusCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? Number((error as { code: unknown }).code)
    : undefined;
}

/** Create or replace (other suites of the run install the same CRDs), then wait until Established. */
async function install(apiext: ApiextensionsV1Api, body: V1CustomResourceDefinition): Promise<void> {
  const name = body.metadata?.name as string;
  for (let attempt = 0; ; attempt++) {
    try {
      await apiext.createCustomResourceDefinition({ body });
      break;
    } catch (error) {
      if (statusCode(error) !== 409) throw error;
      const current = await apiext.readCustomResourceDefinition({ name });
      try {
        await apiext.replaceCustomResourceDefinition({
          name,
          body: {
            ...body,
            metadata: { ...body.metadata, resourceVersion: current.metadata?.resourceVersion },
          },
        });
        break;
      } catch (replaceError) {
        if (statusCode(replaceError) !== 409 || attempt > 5) throw replaceError;
      }
    }
  }
  for (let i = 0; i < 100; i++) {
    const crd = await apiext.readCustomResourceDefinition({ name });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`CRD ${name} never became Established`);
}

const spec: UserDeploymentSpec = {
  orgId: 'org-1',
  teamId: 'team-1',
  deploymentId: 'dep-1',
  templateName: 'wordpress',
  templateVersion: '1.0.0',
  tier: 'business',
  isolation: 'namespace',
  services: [
    {
      name: 'web',
      image: 'wordpress:6.6-apache',
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
      env: [
        { name: 'DB_PASSWORD', secretKey: 'DB_PASSWORD' },
        { name: 'DSN', value: 'mysql://wp:$(DB_PASSWORD)@db' },
      ],
      envFrom: [{ key: 'DB_PASSWORD', tier: 'deployment' }],
      resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
      replicas: 2,
      runAsRoot: true,
      healthCheck: { http: { path: '/', port: 80 }, readiness: true, liveness: true, initialDelaySeconds: 5 },
      configFiles: [{ path: '/etc/x.conf', content: 'a=1\n' }],
      volumes: [{ name: 'data', mountPath: '/var/www/html', size: '1Gi' }],
    },
  ],
  ingress: { service: 'web', port: 80, host: 'demo.example.com', tls: true },
  secretRefs: { organization: [], deployment: ['DB_PASSWORD'], services: [{ service: 'web', keys: ['X'] }] },
  restartedAt: '2026-01-01T00:00:00Z',
};

describeWithKube('CRDs on a real API server', () => {
  const kube = useKubeCluster();

  it('installs both CRDs and round-trips a UserDeployment with its status subresource', async () => {
    for (const crd of crdManifests())
      await install(kube.apiext, crd as unknown as V1CustomResourceDefinition);
    const name = uniqueName('ud');
    const target = {
      group: GROUP,
      version: VERSION,
      namespace: kube.namespace,
      plural: USER_DEPLOYMENT_PLURAL,
    };
    await kube.custom.createNamespacedCustomObject({
      ...target,
      body: { apiVersion: API_VERSION, kind: USER_DEPLOYMENT_KIND, metadata: { name }, spec },
    });
    const created = (await kube.custom.getNamespacedCustomObject({ ...target, name })) as {
      metadata: { generation: number; resourceVersion: string };
      spec: UserDeploymentSpec;
    };
    // Nothing pruned or defaulted: the structural schema covers every field the platform writes.
    expect(created.spec).toEqual(spec);

    const status: UserDeploymentStatus = {
      phase: 'Provisioning',
      conditions: setCondition([], {
        type: 'Ready',
        status: 'False',
        reason: 'WaitingForReplicas',
        message: '0/2',
        observedGeneration: 1,
      }),
      observedGeneration: created.metadata.generation,
      services: [{ name: 'web', readyReplicas: 0, replicas: 2 }],
      urls: ['https://demo.example.com'],
      message: 'waiting',
    };
    await kube.custom.replaceNamespacedCustomObjectStatus({
      ...target,
      name,
      body: {
        apiVersion: API_VERSION,
        kind: USER_DEPLOYMENT_KIND,
        metadata: { name, resourceVersion: created.metadata.resourceVersion },
        spec,
        status,
      },
    });
    const withStatus = (await kube.custom.getNamespacedCustomObject({ ...target, name })) as {
      metadata: { generation: number };
      status: UserDeploymentStatus;
    };
    expect(withStatus.status).toEqual(status);
    // A status write does not bump the generation (status subresource).
    expect(withStatus.metadata.generation).toBe(created.metadata.generation);
  });

  it('rejects objects that break the schema', async () => {
    const target = {
      group: GROUP,
      version: VERSION,
      namespace: kube.namespace,
      plural: USER_DEPLOYMENT_PLURAL,
    };
    const bad = { ...spec, tier: 'platinum', services: [] };
    await expect(
      kube.custom.createNamespacedCustomObject({
        ...target,
        body: {
          apiVersion: API_VERSION,
          kind: USER_DEPLOYMENT_KIND,
          metadata: { name: uniqueName('bad') },
          spec: bad,
        },
      }),
    ).rejects.toMatchObject({ code: 422 });
  });

  it('stores a cluster-scoped Tenant', async () => {
    const name = uniqueName('tenant');
    const target = { group: GROUP, version: VERSION, plural: TENANT_PLURAL };
    const tenantSpec = {
      orgId: 'o',
      orgSlug: 'acme',
      tier: 'free',
      isolation: 'shared',
      quota: { cpu: '1', memory: '1Gi' },
      namespace: 'ks-shared',
    };
    await kube.custom.createClusterCustomObject({
      ...target,
      body: { apiVersion: API_VERSION, kind: TENANT_KIND, metadata: { name }, spec: tenantSpec },
    });
    try {
      const got = (await kube.custom.getClusterCustomObject({ ...target, name })) as { spec: unknown };
      expect(got.spec).toEqual(tenantSpec);
    } finally {
      await kube.custom.deleteClusterCustomObject({ ...target, name });
    }
  });
});
