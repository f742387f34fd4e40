import {
  LABELS,
  MANAGED_BY,
  type SecretRefs,
  type SecretTier,
  type ServiceSpec,
  type TenantSpec,
  type UserDeployment,
} from '@k8s-scheduler/crds';
import { hashString, stableStringify, withAppliedHash } from './children.hash';
import { base64Utf8, childName } from './children.names';
import { controllerOwner } from './children.owner';
import {
  CONFIG_CHECKSUM_ANNOTATION,
  RESTARTED_AT_ANNOTATION,
  SECRET_CHECKSUM_ANNOTATION,
  type ChildObject,
  type ChildrenConfig,
  type ExternalSecretsConfig,
  type OwnerReference,
} from './children.types';
import { deploymentNetworkPolicy } from './networkpolicy.children';

/**
 * How secret values reach the cluster: written by the operator from the built-in store (values per
 * service, plus a checksum of them computed by the caller), or synced by External Secrets Operator.
 */
export type SecretDelivery =
  | { mode: 'builtin'; values: Record<string, Record<string, string>>; checksums: Record<string, string> }
  | { mode: 'external' };

export type DeploymentChildrenInput = {
  deployment: UserDeployment;
  config: ChildrenConfig;
  /** The org's Tenant spec, for dedicated node placement; absent when not (yet) known. */
  tenant: TenantSpec | null;
  secrets: SecretDelivery;
};

/** Names of the children of one deployment, shared by the builder, the operator and tests. */
export const childNames = {
  workload: (ud: string, service: string) => childName(ud, service),
  configMap: (ud: string, service: string) => childName(ud, service, 'files'),
  secret: (ud: string, service: string) => childName(ud, service, 'env'),
  volume: (ud: string, service: string, volume: string) => childName(ud, service, volume),
  ingress: (ud: string) => childName(ud),
  tls: (ud: string) => childName(ud, 'tls'),
  networkPolicy: (ud: string) => childName(ud, 'net'),
};

export function deploymentLabels(ud: UserDeployment): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.org]: ud.spec.orgId,
    [LABELS.team]: ud.spec.teamId,
    [LABELS.deployment]: ud.metadata.name,
  };
}

/** The immutable selector of one service's pods. */
export function podSelector(ud: UserDeployment, service: string): Record<string, string> {
  return { [LABELS.deployment]: ud.metadata.name, [LABELS.service]: service };
}

/** The secret keys a service needs: its effective keys plus env entries that reference one. */
export function serviceSecretKeys(service: ServiceSpec): string[] {
  const keys = new Set(service.envFrom.map((e) => e.key));
  for (const entry of service.env) if (entry.secretKey) keys.add(entry.secretKey);
  return [...keys].sort();
}

/** The tier a key's value comes from: the explicit one, else the highest tier that has it. */
export function secretTierOf(key: string, service: ServiceSpec, refs: SecretRefs): SecretTier {
  const explicit = service.envFrom.find((e) => e.key === key);
  if (explicit) return explicit.tier;
  if (refs.organization.includes(key)) return 'organization';
  if (refs.deployment.includes(key)) return 'deployment';
  return 'service';
}

/** The remote key (path in Vault / AWS Secrets Manager) holding a tier's values. */
export function remoteSecretPath(
  prefix: string,
  ud: UserDeployment,
  service: string,
  tier: SecretTier,
): string {
  const org = `${prefix}orgs/${ud.spec.orgId}`;
  if (tier === 'organization') return org;
  const dep = `${org}/deployments/${ud.spec.deploymentId}`;
  return tier === 'deployment' ? dep : `${dep}/services/${service}`;
}

/** `https://<host>` (or http without TLS) of the exposed service. */
export function deploymentUrls(ud: UserDeployment): string[] {
  if (!ud.spec.ingress) return [];
  return [`${ud.spec.ingress.tls ? 'https' : 'http'}://${ud.spec.ingress.host}`];
}

function configKey(index: number, path: string): string {
  const base = path.split('/').filter(Boolean).at(-1) ?? 'file';
  return `f${index}-${base.replace(/[^-._a-zA-Z0-9]/g, '_')}`;
}

function probe(service: ServiceSpec): Record<string, unknown> | undefined {
  const hc = service.healthCheck;
  if (!hc) return undefined;
  const port = hc.http?.port ?? hc.tcp?.port ?? service.ports[0]?.containerPort;
  if (port === undefined) return undefined;
  return {
    ...(hc.http ? { httpGet: { path: hc.http.path, port } } : { tcpSocket: { port } }),
    ...(hc.initialDelaySeconds !== undefined ? { initialDelaySeconds: hc.initialDelaySeconds } : {}),
    ...(hc.periodSeconds !== undefined ? { periodSeconds: hc.periodSeconds } : {}),
    ...(hc.timeoutSeconds !== undefined ? { timeoutSeconds: hc.timeoutSeconds } : {}),
    ...(hc.failureThreshold !== undefined ? { failureThreshold: hc.failureThreshold } : {}),
  };
}

function placement(
  ud: UserDeployment,
  tenant: TenantSpec | null,
  config: ChildrenConfig,
): Record<string, unknown> {
  if (ud.spec.isolation !== 'dedicated') return {};
  const nodeSelector = tenant?.dedicatedNodes?.nodeSelector ?? { [config.dedicatedNodeLabel]: ud.spec.orgId };
  const key = tenant?.dedicatedNodes?.tolerationKey ?? config.dedicatedTaintKey;
  return {
    nodeSelector,
    tolerations: [{ key, operator: 'Equal', value: ud.spec.orgId, effect: 'NoSchedule' }],
  };
}

function workload(
  ud: UserDeployment,
  service: ServiceSpec,
  input: DeploymentChildrenInput,
  meta: Meta,
): ChildObject[] {
  const name = ud.metadata.name;
  const selector = podSelector(ud, service.name);
  const labels = { ...meta.labels, [LABELS.service]: service.name };
  const secretKeys = serviceSecretKeys(service);
  const secretName = childNames.secret(name, service.name);
  // Security: non-root unless the template says the image must start as root.
  const allowRoot = service.runAsRoot === true;
  const objects: ChildObject[] = [];
  const podAnnotations: Record<string, string> = {};
  if (ud.spec.restartedAt) podAnnotations[RESTARTED_AT_ANNOTATION] = ud.spec.restartedAt;

  const volumes: Record<string, unknown>[] = [];
  const volumeMounts: Record<string, unknown>[] = [];
  if (service.configFiles.length > 0) {
    const cmName = childNames.configMap(name, service.name);
    const data: Record<string, string> = {};
    service.configFiles.forEach((file, i) => {
      const key = configKey(i, file.path);
      data[key] = file.content;
      volumeMounts.push({ name: 'config-files', mountPath: file.path, subPath: key, readOnly: true });
    });
    volumes.push({ name: 'config-files', configMap: { name: cmName } });
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: childMetadata(meta, cmName, labels),
      data,
    });
    // subPath mounts never refresh in place: roll the pods when the files change.
    podAnnotations[CONFIG_CHECKSUM_ANNOTATION] = hashString(stableStringify(data));
  }
  for (const volume of service.volumes) {
    const claim = childNames.volume(name, service.name, volume.name);
    volumes.push({ name: `vol-${volume.name}`, persistentVolumeClaim: { claimName: claim } });
    volumeMounts.push({ name: `vol-${volume.name}`, mountPath: volume.mountPath });
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: childMetadata(meta, claim, labels),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: volume.size } } },
    });
  }

  if (secretKeys.length > 0) {
    if (input.secrets.mode === 'builtin') {
      const values = input.secrets.values[service.name] ?? {};
      const data: Record<string, string> = {};
      for (const key of secretKeys) if (values[key] !== undefined) data[key] = base64Utf8(values[key]);
      const checksum = input.secrets.checksums[service.name] ?? '';
      podAnnotations[SECRET_CHECKSUM_ANNOTATION] = checksum;
      objects.push({
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'Opaque',
        metadata: childMetadata(meta, secretName, labels, { [SECRET_CHECKSUM_ANNOTATION]: checksum }),
        data,
      });
    } else {
      const es = input.config.externalSecrets as ExternalSecretsConfig;
      // ESO's values are not visible here: the server's secretsRevision marks their changes.
      podAnnotations[SECRET_CHECKSUM_ANNOTATION] = hashString(
        `${ud.spec.secretsRevision ?? ''}|${secretKeys.join(',')}`,
      );
      objects.push({
        apiVersion: es.apiVersion,
        kind: 'ExternalSecret',
        metadata: childMetadata(meta, secretName, labels),
        spec: {
          refreshInterval: es.refreshInterval,
          secretStoreRef: { kind: 'ClusterSecretStore', name: es.storeName },
          target: { name: secretName, creationPolicy: 'Owner' },
          data: secretKeys.map((key) => ({
            secretKey: key,
            remoteRef: {
              key: remoteSecretPath(
                es.keyPrefix,
                ud,
                service.name,
                secretTierOf(key, service, ud.spec.secretRefs),
              ),
              property: key,
            },
          })),
        },
      });
    }
  }

  const env = service.env.map((entry) =>
    entry.secretKey !== undefined
      ? { name: entry.name, valueFrom: { secretKeyRef: { name: secretName, key: entry.secretKey } } }
      : { name: entry.name, value: entry.value ?? '' },
  );
  const readiness = service.healthCheck?.readiness ? probe(service) : undefined;
  const liveness = service.healthCheck?.liveness ? probe(service) : undefined;
  const container: Record<string, unknown> = {
    name: service.name,
    image: service.image,
    ...(service.command ? { command: service.command } : {}),
    ...(service.args ? { args: service.args } : {}),
    ports: service.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      containerPort: p.containerPort,
      protocol: p.protocol ?? 'TCP',
    })),
    env,
    ...(service.envFrom.length > 0 ? { envFrom: [{ secretRef: { name: secretName } }] } : {}),
    resources: service.resources,
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(liveness ? { livenessProbe: liveness } : {}),
    volumeMounts,
    // Security: restricted Pod Security defaults.
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: !allowRoot,
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMetadata(meta, childNames.workload(name, service.name), labels),
    spec: {
      replicas: service.replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: selector },
      template: {
        metadata: {
          labels: { ...labels, ...selector },
          ...(Object.keys(podAnnotations).length > 0 ? { annotations: podAnnotations } : {}),
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { runAsNonRoot: !allowRoot, seccompProfile: { type: 'RuntimeDefault' } },
          ...placement(ud, input.tenant, input.config),
          containers: [container],
          volumes,
        },
      },
    },
  });
  if (service.ports.length > 0) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: childMetadata(meta, childNames.workload(name, service.name), labels),
      spec: {
        type: 'ClusterIP',
        selector,
        ports: service.ports.map((p) => ({
          name: p.name ?? `port-${p.containerPort}`,
          port: p.containerPort,
          targetPort: p.containerPort,
          protocol: p.protocol ?? 'TCP',
        })),
      },
    });
  }
  return objects;
}

type Meta = { namespace: string; labels: Record<string, string>; owner: OwnerReference[] };

/** The metadata of one child: `name` in the deployment's namespace, with its labels and owner. */
function childMetadata(
  meta: Meta,
  name: string,
  labels: Record<string, string>,
  annotations?: Record<string, string>,
): ChildObject['metadata'] {
  return {
    name,
    namespace: meta.namespace,
    labels,
    ownerReferences: meta.owner,
    ...(annotations ? { annotations } : {}),
  };
}

/**
 * The desired children of a UserDeployment (PRODUCT.md §6 step 4): per service a Deployment (with
 * restricted security defaults), a ClusterIP Service, a ConfigMap of its files, its volumes' claims
 * and a Secret (or ExternalSecret); an Ingress for the exposed service; a NetworkPolicy. Each
 * object carries owner reference, common labels and a hash annotation.
 */
export function desiredDeploymentChildren(input: DeploymentChildrenInput): ChildObject[] {
  const { deployment: ud, config } = input;
  const namespace = ud.metadata.namespace ?? '';
  const meta: Meta = { namespace, labels: deploymentLabels(ud), owner: controllerOwner(ud) };
  const objects = ud.spec.services.flatMap((service) => workload(ud, service, input, meta));
  const ingress = ud.spec.ingress;
  if (ingress) {
    const host = ingress.host;
    objects.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: childMetadata(meta, childNames.ingress(ud.metadata.name), meta.labels, {
        'external-dns.alpha.kubernetes.io/hostname': host,
        ...(ingress.tls ? { 'cert-manager.io/cluster-issuer': config.clusterIssuer } : {}),
      }),
      spec: {
        ingressClassName: config.ingressClass,
        ...(ingress.tls ? { tls: [{ hosts: [host], secretName: childNames.tls(ud.metadata.name) }] } : {}),
        rules: [
          {
            host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: {
                      name: childNames.workload(ud.metadata.name, ingress.service),
                      port: { number: ingress.port },
                    },
                  },
                },
              ],
            },
          },
        ],
      },
    });
  }
  const policy = deploymentNetworkPolicy({
    name: childNames.networkPolicy(ud.metadata.name),
    namespace,
    labels: meta.labels,
    podSelector: { [LABELS.deployment]: ud.metadata.name },
    isolation: ud.spec.isolation,
    ingressControllerNamespace: config.ingressControllerNamespace,
  });
  objects.push({ ...policy, metadata: { ...policy.metadata, ownerReferences: meta.owner } });
  return objects.map(withAppliedHash);
}
