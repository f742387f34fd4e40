import { describe, expect, it } from 'vitest';
import { LABELS, type Tenant, type UserDeployment } from '@k8s-scheduler/crds';
import {
  APPLIED_HASH_ANNOTATION,
  CONFIG_CHECKSUM_ANNOTATION,
  RESTARTED_AT_ANNOTATION,
  SECRET_CHECKSUM_ANNOTATION,
  appliedHashOf,
  base64Utf8,
  childName,
  deploymentUrls,
  desiredDeploymentChildren,
  desiredTenantChildren,
  remoteSecretPath,
  type ChildObject,
  type ChildrenConfig,
  type DeploymentChildrenInput,
} from './index';

function buildTenant(overrides: Partial<Tenant['spec']> = {}): Tenant {
  return {
    apiVersion: 'k8s-scheduler.io/v1alpha1',
    kind: 'Tenant',
    metadata: { name: 'org-acme', uid: 'tenant-uid' },
    spec: {
      orgId: 'org1',
      orgSlug: 'acme',
      tier: 'business',
      isolation: 'namespace',
      quota: { cpu: '8', memory: '16Gi' },
      namespace: 'ks-acme',
      ...overrides,
    },
  };
}

function buildDeployment(overrides: Partial<UserDeployment['spec']> = {}): UserDeployment {
  return {
    apiVersion: 'k8s-scheduler.io/v1alpha1',
    kind: 'UserDeployment',
    metadata: { name: 'shop', namespace: 'ks-acme', uid: 'ud-uid', generation: 1 },
    spec: {
      orgId: 'org1',
      teamId: 'team1',
      deploymentId: 'dep1',
      templateName: 'web-app',
      templateVersion: '1.0.0',
      tier: 'business',
      isolation: 'namespace',
      services: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 8080 }],
          env: [
            { name: 'MODE', value: 'prod' },
            { name: 'DB_PASSWORD', secretKey: 'PG_PASS' },
          ],
          envFrom: [{ key: 'API_TOKEN', tier: 'organization' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          replicas: 2,
          healthCheck: { http: { path: '/healthz', port: 8080 }, readiness: true, liveness: true },
          configFiles: [{ path: '/etc/app/config.yaml', content: 'a: 1\n' }],
          volumes: [],
        },
        {
          name: 'worker',
          image: 'busybox:1.36',
          ports: [],
          env: [],
          envFrom: [],
          resources: {},
          replicas: 1,
          configFiles: [],
          volumes: [{ name: 'data', mountPath: '/data', size: '1Gi' }],
        },
      ],
      ingress: { service: 'web', port: 8080, host: 'shop.apps.example.com', tls: true },
      secretRefs: { organization: ['API_TOKEN'], deployment: ['PG_PASS'], services: [] },
      ...overrides,
    },
  };
}

const config: ChildrenConfig = {
  ingressClass: 'nginx',
  clusterIssuer: 'letsencrypt',
  ingressControllerNamespace: 'ingress-nginx',
  dedicatedNodeLabel: 'k8s-scheduler.io/dedicated-org',
  dedicatedTaintKey: 'k8s-scheduler.io/dedicated',
  externalSecrets: null,
};

const builtin = {
  mode: 'builtin' as const,
  values: { web: { API_TOKEN: 'tok', PG_PASS: 'pässword' } },
  checksums: { web: 'sum-1' },
};

/** The children of `buildDeployment(spec)` with the test config, no tenant and built-in secrets, unless `input` says otherwise. */
function childrenOf(
  spec: Partial<UserDeployment['spec']> = {},
  input: Partial<Omit<DeploymentChildrenInput, 'deployment'>> = {},
): ChildObject[] {
  return desiredDeploymentChildren({
    deployment: buildDeployment(spec),
    config,
    tenant: null,
    secrets: builtin,
    ...input,
  });
}

function find(objects: ChildObject[], kind: string, name?: string): ChildObject {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!found) throw new Error(`no ${kind} ${name ?? ''}`);
  return found;
}

/** Deep, untyped-but-not-`any` access into manifests for assertions. */
type Loose = { readonly [key: string]: Loose } & { readonly [index: number]: Loose };

describe('desiredTenantChildren', () => {
  it('namespace isolation: own namespace, quota, limit range, default-deny policies with DNS and internet egress', () => {
    const result = desiredTenantChildren(buildTenant(), 'ks-shared');
    expect(result.namespace).toBe('ks-acme');
    expect(result.ownsNamespace).toBe(true);
    expect(result.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/ks-acme',
      'ResourceQuota/ks-quota',
      'LimitRange/ks-limits',
      'NetworkPolicy/ks-default-deny',
      'NetworkPolicy/ks-allow-dns',
      'NetworkPolicy/ks-allow-internet-egress',
    ]);
    const quota = find(result.objects, 'ResourceQuota') as unknown as Loose;
    expect(quota?.spec?.hard).toEqual({
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      'limits.cpu': '8',
      'limits.memory': '16Gi',
    });
    for (const obj of result.objects) {
      expect(obj.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'Tenant',
        uid: 'tenant-uid',
        controller: true,
      });
      expect(obj.metadata.labels?.[LABELS.tenant]).toBe('org-acme');
      expect(appliedHashOf(obj)).toBeTruthy();
    }
    const deny = find(result.objects, 'NetworkPolicy', 'ks-default-deny') as unknown as Loose;
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const internet = find(result.objects, 'NetworkPolicy', 'ks-allow-internet-egress') as unknown as Loose;
    expect(internet?.spec?.egress?.[0]?.to?.[0]?.ipBlock?.except).toContain('10.0.0.0/8');
  });

  it('dedicated isolation restricts egress to DNS', () => {
    const result = desiredTenantChildren(
      buildTenant({ isolation: 'dedicated', tier: 'enterprise' }),
      'ks-shared',
    );
    const policies = result.objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(policies).toEqual(['ks-default-deny', 'ks-allow-dns']);
  });

  it('shared isolation only ensures the shared namespace, which the tenant does not own', () => {
    const result = desiredTenantChildren(
      buildTenant({ isolation: 'shared', tier: 'free', namespace: 'ks-shared' }),
      'ks-shared',
    );
    expect(result.ownsNamespace).toBe(false);
    expect(result.objects).toHaveLength(1);
    expect(result.objects[0]?.kind).toBe('Namespace');
    expect(result.objects[0]?.metadata.ownerReferences).toBeUndefined();
  });

  it('a tier change changes the quota and its hash; an unchanged tenant hashes the same', () => {
    const a = desiredTenantChildren(buildTenant(), 'ks-shared');
    const b = desiredTenantChildren(buildTenant(), 'ks-shared');
    const c = desiredTenantChildren(
      buildTenant({ tier: 'enterprise', quota: { cpu: '32', memory: '64Gi' } }),
      'ks-shared',
    );
    const quotaHash = (r: typeof a) => appliedHashOf(find(r.objects, 'ResourceQuota'));
    expect(quotaHash(a)).toBe(quotaHash(b));
    expect(quotaHash(a)).not.toBe(quotaHash(c));
    expect((find(c.objects, 'ResourceQuota') as unknown as Loose)?.spec?.hard?.['requests.cpu']).toBe('32');
  });
});

describe('desiredDeploymentChildren', () => {
  const objects = childrenOf();

  it('makes per service a Deployment and (with ports) a Service, plus files, claims, secret, ingress, policy', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/shop-web-files',
      'Secret/shop-web-env',
      'Deployment/shop-web',
      'Service/shop-web',
      'PersistentVolumeClaim/shop-worker-data',
      'Deployment/shop-worker',
      'Ingress/shop',
      'NetworkPolicy/shop-net',
    ]);
    for (const obj of objects) {
      expect(obj.metadata.namespace).toBe('ks-acme');
      expect(obj.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'k8s-scheduler.io/v1alpha1',
          kind: 'UserDeployment',
          name: 'shop',
          uid: 'ud-uid',
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(obj.metadata.labels).toMatchObject({
        [LABELS.managedBy]: 'k8s-scheduler',
        [LABELS.deployment]: 'shop',
        [LABELS.org]: 'org1',
        [LABELS.team]: 'team1',
      });
    }
  });

  it('applies restricted security defaults, probes, env and the immutable selector', () => {
    const dep = find(objects, 'Deployment', 'shop-web') as unknown as Loose;
    expect(dep?.spec?.replicas).toBe(2);
    expect(dep?.spec?.selector?.matchLabels).toEqual({
      [LABELS.deployment]: 'shop',
      [LABELS.service]: 'web',
    });
    const pod = dep?.spec?.template?.spec;
    expect(pod?.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod?.automountServiceAccountToken).toBe(false);
    const c = pod?.containers?.[0];
    expect(c?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(c?.readinessProbe).toEqual({ httpGet: { path: '/healthz', port: 8080 } });
    expect(c?.env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-web-env', key: 'PG_PASS' } } },
    ]);
    expect(c?.envFrom).toEqual([{ secretRef: { name: 'shop-web-env' } }]);
    expect(c?.volumeMounts).toEqual([
      { name: 'config-files', mountPath: '/etc/app/config.yaml', subPath: 'f0-config.yaml', readOnly: true },
    ]);
    expect(dep?.spec?.template?.metadata?.annotations?.[SECRET_CHECKSUM_ANNOTATION]).toBe('sum-1');
    expect(dep?.spec?.template?.metadata?.annotations?.[CONFIG_CHECKSUM_ANNOTATION]).toBeTruthy();
  });

  it('allows root only for services whose template says runAsRoot', () => {
    const services = buildDeployment().spec.services.map((s) =>
      s.name === 'worker' ? { ...s, runAsRoot: true } : s,
    );
    const result = childrenOf({ services });
    const root = (name: string) =>
      (find(result, 'Deployment', name) as unknown as Loose)?.spec?.template?.spec?.securityContext
        ?.runAsNonRoot;
    expect(root('shop-web')).toBe(true);
    expect(root('shop-worker')).toBe(false);
  });

  it('writes the built-in secret base64-encoded, leaving values out of the applied hash', () => {
    const secret = find(objects, 'Secret') as unknown as Loose;
    expect(secret?.data).toEqual({
      API_TOKEN: base64Utf8('tok'),
      PG_PASS: Buffer.from('pässword').toString('base64'),
    });
    expect(JSON.stringify(secret?.metadata?.annotations)).not.toContain('tok');
    const changedValue = childrenOf(
      {},
      { secrets: { ...builtin, values: { web: { API_TOKEN: 'other', PG_PASS: 'x' } } } },
    );
    expect(appliedHashOf(find(changedValue, 'Secret'))).toBe(appliedHashOf(find(objects, 'Secret')));
    const changedChecksum = childrenOf({}, { secrets: { ...builtin, checksums: { web: 'sum-2' } } });
    expect(appliedHashOf(find(changedChecksum, 'Secret'))).not.toBe(appliedHashOf(find(objects, 'Secret')));
    expect(appliedHashOf(find(changedChecksum, 'Deployment', 'shop-web'))).not.toBe(
      appliedHashOf(find(objects, 'Deployment', 'shop-web')),
    );
  });

  it('with a ClusterSecretStore, makes an ExternalSecret mapping each key to its tier path', () => {
    const esConfig: ChildrenConfig = {
      ...config,
      externalSecrets: {
        storeName: 'vault',
        apiVersion: 'external-secrets.io/v1',
        refreshInterval: '1m',
        keyPrefix: 'ks/',
      },
    };
    const result = childrenOf({ secretsRevision: '7' }, { config: esConfig, secrets: { mode: 'external' } });
    expect(result.some((o) => o.kind === 'Secret')).toBe(false);
    const es = find(result, 'ExternalSecret') as unknown as Loose;
    expect(es?.apiVersion).toBe('external-secrets.io/v1');
    expect(es?.spec?.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(es?.spec?.target).toEqual({ name: 'shop-web-env', creationPolicy: 'Owner' });
    expect(es?.spec?.data).toEqual([
      { secretKey: 'API_TOKEN', remoteRef: { key: 'ks/orgs/org1', property: 'API_TOKEN' } },
      { secretKey: 'PG_PASS', remoteRef: { key: 'ks/orgs/org1/deployments/dep1', property: 'PG_PASS' } },
    ]);
    const rev8 = childrenOf({ secretsRevision: '8' }, { config: esConfig, secrets: { mode: 'external' } });
    const checksum = (r: ChildObject[]) =>
      (find(r, 'Deployment', 'shop-web') as unknown as Loose)?.spec?.template?.metadata?.annotations?.[
        SECRET_CHECKSUM_ANNOTATION
      ];
    expect(checksum(rev8)).not.toBe(checksum(result));
  });

  it('exposes the ingress service with class, TLS, cert-manager and external-dns annotations', () => {
    const ing = find(objects, 'Ingress') as unknown as Loose;
    expect(ing?.spec?.ingressClassName).toBe('nginx');
    expect(ing?.spec?.tls).toEqual([{ hosts: ['shop.apps.example.com'], secretName: 'shop-tls' }]);
    expect(ing?.metadata?.annotations).toMatchObject({
      'cert-manager.io/cluster-issuer': 'letsencrypt',
      'external-dns.alpha.kubernetes.io/hostname': 'shop.apps.example.com',
    });
    expect(ing?.spec?.rules?.[0]?.http?.paths?.[0]?.backend?.service).toEqual({
      name: 'shop-web',
      port: { number: 8080 },
    });
    expect(deploymentUrls(buildDeployment())).toEqual(['https://shop.apps.example.com']);
  });

  it('lets only the own deployment and the ingress controller in; shared isolation adds egress rules', () => {
    const np = find(objects, 'NetworkPolicy') as unknown as Loose;
    expect(np?.spec?.podSelector?.matchLabels).toEqual({ [LABELS.deployment]: 'shop' });
    expect(np?.spec?.ingress?.[1]?.from?.[0]?.namespaceSelector?.matchLabels).toEqual({
      'kubernetes.io/metadata.name': 'ingress-nginx',
    });
    expect(np?.spec?.egress).toHaveLength(1);
    const shared = childrenOf({ isolation: 'shared', tier: 'free' });
    expect((find(shared, 'NetworkPolicy') as unknown as Loose)?.spec?.egress).toHaveLength(3);
  });

  it('pins dedicated deployments to the org nodes with a toleration', () => {
    const tenant = buildTenant({
      isolation: 'dedicated',
      dedicatedNodes: { nodeSelector: { pool: 'acme' } },
    }).spec;
    const result = childrenOf({ isolation: 'dedicated' }, { tenant });
    const pod = (find(result, 'Deployment', 'shop-web') as unknown as Loose)?.spec?.template?.spec;
    expect(pod?.nodeSelector).toEqual({ pool: 'acme' });
    expect(pod?.tolerations).toEqual([
      { key: 'k8s-scheduler.io/dedicated', operator: 'Equal', value: 'org1', effect: 'NoSchedule' },
    ]);
    const fallback = childrenOf({ isolation: 'dedicated' });
    expect(
      (find(fallback, 'Deployment', 'shop-web') as unknown as Loose)?.spec?.template?.spec?.nodeSelector,
    ).toEqual({ 'k8s-scheduler.io/dedicated-org': 'org1' });
    expect(pod?.tolerations).toBeDefined();
    expect(
      (find(objects, 'Deployment', 'shop-web') as unknown as Loose)?.spec?.template?.spec?.nodeSelector,
    ).toBeUndefined();
  });

  it('rolls the pods on restartedAt and on an image change, and hashes identically otherwise', () => {
    const again = childrenOf();
    expect(again.map(appliedHashOf)).toEqual(objects.map(appliedHashOf));
    const restarted = childrenOf({ restartedAt: '2026-01-01T00:00:00Z' });
    const web = find(restarted, 'Deployment', 'shop-web') as unknown as Loose;
    expect(web?.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION]).toBe(
      '2026-01-01T00:00:00Z',
    );
    expect(appliedHashOf(find(restarted, 'Deployment', 'shop-web'))).not.toBe(
      appliedHashOf(find(objects, 'Deployment', 'shop-web')),
    );
    const services = buildDeployment().spec.services.map((s) =>
      s.name === 'web' ? { ...s, image: 'nginx:1.28' } : s,
    );
    const newImage = childrenOf({ services });
    expect(
      (find(newImage, 'Deployment', 'shop-web') as unknown as Loose)?.spec?.template?.spec?.containers?.[0]
        ?.image,
    ).toBe('nginx:1.28');
    expect(appliedHashOf(find(newImage, 'Deployment', 'shop-worker'))).toBe(
      appliedHashOf(find(objects, 'Deployment', 'shop-worker')),
    );
    expect(objects.every((o) => o.metadata.annotations?.[APPLIED_HASH_ANNOTATION])).toBe(true);
  });
});

describe('names and encodings', () => {
  it('childName makes DNS labels and cuts long names with a stable hash suffix', () => {
    expect(childName('Shop', 'web_1')).toBe('shop-web-1');
    const long = childName('a'.repeat(50), 'service-with-a-long-name');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toBe(childName('a'.repeat(50), 'service-with-a-long-name'));
    expect(long).not.toBe(childName('a'.repeat(50), 'service-with-a-long-namf'));
  });

  it('base64Utf8 matches Node for ASCII, multi-byte and every padding length', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'pässword', '🔑 key']) {
      expect(base64Utf8(text)).toBe(Buffer.from(text, 'utf8').toString('base64'));
    }
  });

  it('remote secret paths nest by tier', () => {
    const ud = buildDeployment();
    expect(remoteSecretPath('', ud, 'web', 'organization')).toBe('orgs/org1');
    expect(remoteSecretPath('', ud, 'web', 'deployment')).toBe('orgs/org1/deployments/dep1');
    expect(remoteSecretPath('', ud, 'web', 'service')).toBe('orgs/org1/deployments/dep1/services/web');
  });
});
