import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { parse } from 'yaml';
import {
  API_VERSION,
  crdManifests,
  type ServiceSpec,
  type Tenant,
  type UserDeployment,
} from '@k8s-scheduler/crds';
import { createKubeClient, type KubeClient, type KubeObject } from '@k8s-scheduler/kube';

const here = dirname(fileURLToPath(import.meta.url));
export const testLogger = pino({ level: process.env.OPERATOR_TEST_LOG ?? 'warn' });
export const TEST_RUN_LABEL = 'k8s-scheduler.io/test-run';

export function kubeConfigFrom(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

export function testClient(kubeconfigPath: string): KubeClient {
  return createKubeClient(kubeConfigFrom(kubeconfigPath));
}

export function runId(): string {
  return randomBytes(4).toString('hex');
}

async function applyCrd(client: KubeClient, crd: KubeObject): Promise<void> {
  await client.apply(crd, { fieldManager: 'k8s-scheduler-tests', force: true });
  await waitFor(`CRD ${crd.metadata.name} established`, async () => {
    const live = await client.get(
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
      crd.metadata.name,
    );
    const conditions =
      (live?.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ??
      [];
    return conditions.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
  });
}

/** Installs the platform's CRDs (server-side apply, idempotent) and waits until they are served. */
export async function installPlatformCrds(client: KubeClient): Promise<void> {
  for (const crd of crdManifests()) await applyCrd(client, crd as unknown as KubeObject);
}

/** Installs External Secrets Operator's ExternalSecret CRD (v0.16.2, copied from the Go module). */
export async function installExternalSecretsCrd(client: KubeClient): Promise<void> {
  const crd = parse(
    readFileSync(join(here, 'fixtures', 'external-secrets.io_externalsecrets.yaml'), 'utf8'),
  ) as KubeObject;
  await applyCrd(client, crd);
}

/** Polls `check` until it returns a value (not undefined), or fails with the last observation. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function buildService(overrides: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name: 'web',
    image: 'registry.local/shop-web:1.0.0',
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'MODE', value: 'prod' }],
    envFrom: [],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
    replicas: 1,
    configFiles: [],
    volumes: [],
    ...overrides,
  };
}

export function buildUserDeployment(options: {
  namespace: string;
  name: string;
  run: string;
  spec?: Partial<UserDeployment['spec']>;
}): KubeObject {
  const ud: UserDeployment = {
    apiVersion: API_VERSION as UserDeployment['apiVersion'],
    kind: 'UserDeployment',
    metadata: { name: options.name, namespace: options.namespace, labels: { [TEST_RUN_LABEL]: options.run } },
    spec: {
      orgId: 'org-1',
      teamId: 'team-1',
      deploymentId: `dep-${options.name}`,
      templateName: 'web-app',
      templateVersion: '1.0.0',
      tier: 'business',
      isolation: 'namespace',
      services: [buildService()],
      ingress: { service: 'web', port: 8080, host: `${options.name}.apps.test`, tls: true },
      secretRefs: { organization: [], deployment: [], services: [] },
      ...options.spec,
    },
  };
  return ud as unknown as KubeObject;
}

export function buildTenant(options: {
  name: string;
  run: string;
  namespace: string;
  spec?: Partial<Tenant['spec']>;
}): KubeObject {
  const tenant: Tenant = {
    apiVersion: API_VERSION as Tenant['apiVersion'],
    kind: 'Tenant',
    metadata: { name: options.name, labels: { [TEST_RUN_LABEL]: options.run } },
    spec: {
      orgId: `org-${options.name}`,
      orgSlug: options.name,
      tier: 'business',
      isolation: 'namespace',
      quota: { cpu: '8', memory: '16Gi' },
      namespace: options.namespace,
      ...options.spec,
    },
  };
  return tenant as unknown as KubeObject;
}

export const UD_TYPE = { apiVersion: API_VERSION, kind: 'UserDeployment' } as const;
export const TENANT_TYPE = { apiVersion: API_VERSION, kind: 'Tenant' } as const;

export type UdStatus = NonNullable<UserDeployment['status']>;
export function statusOf(obj: KubeObject | null): UdStatus | undefined {
  return (obj?.status as UdStatus | undefined) ?? undefined;
}
