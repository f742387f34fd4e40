import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  FINALIZER,
  LABELS,
  tenantSpecSchema,
  userDeploymentSchema,
  type TenantSpec,
  type UserDeployment,
  type UserDeploymentStatus,
} from '@k8s-scheduler/crds';
import {
  childNames,
  deploymentUrls,
  desiredDeploymentChildren,
  podSelector,
  serviceSecretKeys,
  hashString,
  stableStringify,
  type ChildrenConfig,
  type SecretDelivery,
} from '@k8s-scheduler/domain';
import type { SecretSource } from '@k8s-scheduler/secrets';
import type { Informer } from '../controller/informer';
import type { ReconcileResult } from '../controller/workqueue';
import { type KubeClient, type KubeObject, isStatus } from '@k8s-scheduler/kube';
import type { Applier } from './applier';
import { computeDeploymentStatus, errorStatus, type SecretsState } from './deployment.status';
import type { EventRecorder } from './events';

/** Kinds a UserDeployment owns (what is pruned and deleted with it). */
export const DEPLOYMENT_CHILD_KINDS = [
  'Deployment',
  'Service',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'Ingress',
  'NetworkPolicy',
  'ExternalSecret',
];

export type DeploymentReconcilerDeps = {
  client: KubeClient;
  applier: Applier;
  events: EventRecorder;
  logger: Logger;
  deployments: Informer;
  tenants: Informer;
  children: ChildrenConfig;
  secretSource: SecretSource | undefined;
  /** The cached children whose owner reference names this uid (an index, not a scan). */
  ownedBy: (uid: string) => KubeObject[];
  notReadyRequeueMs: number;
  requireIngressAddress: boolean;
};

const done: ReconcileResult = { kind: 'done' };

/** sha256 over a service's values: the pod-template checksum that rolls pods when a value changes. */
function checksum(values: Record<string, string>): string {
  return createHash('sha256').update(stableStringify(values)).digest('hex').slice(0, 32);
}

/**
 * Reconciles one UserDeployment: finalizer, desired children by server-side apply (skipping
 * unchanged ones), pruning of children no longer desired, status with conditions, Events on phase
 * transitions, and on deletion the removal of every child before the finalizer goes.
 */
export function createDeploymentReconciler(deps: DeploymentReconcilerDeps): {
  reconcile(key: string): Promise<ReconcileResult>;
} {
  const lastStatus = new Map<string, string>();

  const ownedChildren = (ud: KubeObject): KubeObject[] =>
    deps
      .ownedBy(ud.metadata.uid ?? '')
      .filter(
        (obj) =>
          obj.metadata.namespace === ud.metadata.namespace && DEPLOYMENT_CHILD_KINDS.includes(obj.kind),
      );

  const writeStatus = async (
    key: string,
    ud: UserDeployment,
    status: UserDeploymentStatus,
  ): Promise<void> => {
    const text = stableStringify(status);
    // Only a hash of the last written status is kept (memory, with thousands of objects).
    const next = hashString(text);
    // The cache may lag behind our last write: compare with both.
    if (text === stableStringify(ud.status ?? {}) || next === lastStatus.get(key)) return;
    const patch = { status: { ...status, message: status.message ?? null } };
    await deps.client.mergePatch(
      { apiVersion: ud.apiVersion, kind: ud.kind },
      ud.metadata.name,
      ud.metadata.namespace,
      patch,
      'status',
    );
    lastStatus.set(key, next);
    const before = ud.status?.phase;
    // An Event per transition, except the first Provisioning of a new deployment (noise, and a
    // write per deployment); Provisioning after Ready or Error (a rollout, a recovery) is recorded.
    const initial = (before === undefined || before === 'Pending') && status.phase === 'Provisioning';
    if (before !== status.phase && !initial) {
      await deps.events.record(
        ud as unknown as KubeObject,
        status.phase === 'Error' ? 'Warning' : 'Normal',
        status.phase ?? 'Unknown',
        `${before ?? 'new'} → ${status.phase}: ${status.message ?? ''}`,
      );
    }
  };

  const setFinalizers = async (ud: UserDeployment, finalizers: string[]): Promise<KubeObject> => {
    // resourceVersion makes this an optimistic update: never clobber another controller's finalizer.
    return deps.client.mergePatch(
      { apiVersion: ud.apiVersion, kind: ud.kind },
      ud.metadata.name,
      ud.metadata.namespace,
      {
        metadata: { finalizers, resourceVersion: ud.metadata.resourceVersion },
      },
    );
  };

  const tenantFor = (orgId: string): TenantSpec | null => {
    for (const t of deps.tenants.list()) {
      const parsed = tenantSpecSchema.safeParse(t.spec);
      if (parsed.success && parsed.data.orgId === orgId) return parsed.data;
    }
    return null;
  };

  const secretsFor = async (
    ud: UserDeployment,
  ): Promise<{ delivery: SecretDelivery; state: SecretsState }> => {
    const needing = ud.spec.services.filter((s) => serviceSecretKeys(s).length > 0);
    if (deps.children.externalSecrets) {
      return {
        delivery: { mode: 'external' },
        state: {
          synced: needing.length === 0,
          reason: needing.length === 0 ? 'NoSecrets' : 'Syncing',
          message: 'waiting for External Secrets to sync',
        },
      };
    }
    const values: Record<string, Record<string, string>> = {};
    const checksums: Record<string, string> = {};
    if (needing.length > 0 && !deps.secretSource) {
      return {
        delivery: { mode: 'builtin', values, checksums },
        state: {
          synced: false,
          reason: 'NoSecretSource',
          message: 'the operator has no secret store configured',
        },
      };
    }
    for (const service of needing) {
      const keys = serviceSecretKeys(service).map(
        (key) => service.envFrom.find((e) => e.key === key) ?? { key, tier: 'service' as const },
      );
      const serviceValues = await deps.secretSource!({
        orgId: ud.spec.orgId,
        teamId: ud.spec.teamId,
        deploymentId: ud.spec.deploymentId,
        namespace: ud.metadata.namespace ?? '',
        name: ud.metadata.name,
        service: service.name,
        keys,
      });
      values[service.name] = serviceValues;
      checksums[service.name] = checksum(serviceValues);
    }
    return {
      delivery: { mode: 'builtin', values, checksums },
      state: {
        synced: true,
        reason: needing.length ? 'Synced' : 'NoSecrets',
        message: needing.length ? 'secrets written' : 'no secrets needed',
      },
    };
  };

  const externalSecretsState = (ud: UserDeployment, fallback: SecretsState): SecretsState => {
    if (!deps.children.externalSecrets || fallback.reason === 'NoSecrets') return fallback;
    const cache = deps.applier.cache('ExternalSecret');
    for (const service of ud.spec.services) {
      if (serviceSecretKeys(service).length === 0) continue;
      const es = cache?.get(`${ud.metadata.namespace}/${childNames.secret(ud.metadata.name, service.name)}`);
      const conditions =
        ((es?.status ?? {}) as { conditions?: Array<{ type: string; status: string; message?: string }> })
          .conditions ?? [];
      const readyCond = conditions.find((c) => c.type === 'Ready');
      if (readyCond?.status !== 'True') {
        return {
          synced: false,
          reason: 'Syncing',
          message: readyCond?.message
            ? `ExternalSecret not ready: ${readyCond.message}`
            : 'waiting for External Secrets to sync',
        };
      }
    }
    return { synced: true, reason: 'Synced', message: 'External Secrets synced' };
  };

  const finalize = async (key: string, ud: UserDeployment, raw: KubeObject): Promise<ReconcileResult> => {
    if (!(ud.metadata.finalizers ?? []).includes(FINALIZER)) return done;
    if (ud.status?.phase !== 'Deleting') {
      await writeStatus(key, ud, { ...ud.status, phase: 'Deleting', message: 'removing every child' });
    }
    const remaining = ownedChildren(raw);
    await Promise.all(
      remaining
        .filter((c) => !c.metadata.deletionTimestamp)
        .map((c) =>
          deps.client.delete(
            { apiVersion: c.apiVersion, kind: c.kind },
            c.metadata.name,
            c.metadata.namespace,
          ),
        ),
    );
    if (remaining.length > 0) return { kind: 'requeueAfter', delayMs: 500 };
    await setFinalizers(
      ud,
      (ud.metadata.finalizers ?? []).filter((f) => f !== FINALIZER),
    );
    lastStatus.delete(key);
    deps.logger.info({ deployment: key }, 'deployment cleaned up, finalizer removed');
    return done;
  };

  return {
    async reconcile(key) {
      const raw = deps.deployments.get(key);
      if (!raw) {
        lastStatus.delete(key);
        return done;
      }
      const parsed = userDeploymentSchema.safeParse(raw);
      if (!parsed.success) {
        // Terminal: retrying cannot help until the spec changes (which re-queues the key).
        const ud = raw as unknown as UserDeployment;
        const message = `invalid spec: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`;
        await writeStatus(key, ud, errorStatus(ud, 'InvalidSpec', message, new Date()));
        return done;
      }
      const ud = parsed.data;
      try {
        if (ud.metadata.deletionTimestamp) return await finalize(key, ud, raw);
        // The finalizer goes on in parallel with the children (they carry owner references, so
        // even a deletion racing with this pass leaves nothing behind), saving a round trip.
        const addFinalizer = (ud.metadata.finalizers ?? []).includes(FINALIZER)
          ? Promise.resolve()
          : setFinalizers(ud, [...(ud.metadata.finalizers ?? []), FINALIZER]).then(() => undefined);
        const tenant = tenantFor(ud.spec.orgId);
        const secrets = await secretsFor(ud);
        const desired = desiredDeploymentChildren({
          deployment: ud,
          config: deps.children,
          tenant,
          secrets: secrets.delivery,
        });
        const liveByName = new Map<string, KubeObject | undefined>();
        const [results] = await Promise.all([
          Promise.all(desired.map(async (obj) => ({ obj, result: await deps.applier.apply(obj) }))),
          addFinalizer,
        ]);
        for (const { obj, result } of results)
          liveByName.set(`${obj.kind}/${obj.metadata.name}`, result.live);
        await deps.applier.prune(ownedChildren(raw), desired);

        const workloads = new Map<string, KubeObject | undefined>();
        for (const service of ud.spec.services) {
          const selector = podSelector(ud, service.name);
          const match = results.find(
            (r) =>
              r.obj.kind === 'Deployment' &&
              r.obj.metadata.labels?.[LABELS.service] === selector[LABELS.service],
          );
          workloads.set(service.name, match?.result.live);
        }
        const ingressObj = results.find((r) => r.obj.kind === 'Ingress');
        const status = computeDeploymentStatus({
          deployment: ud,
          workloads,
          secrets: externalSecretsState(ud, secrets.state),
          ingress: ingressObj ? ingressObj.result.live : null,
          urls: deploymentUrls(ud),
          requireIngressAddress: deps.requireIngressAddress,
          now: new Date(),
        });
        await writeStatus(key, ud, status);
        return status.phase === 'Ready' ? done : { kind: 'requeueAfter', delayMs: deps.notReadyRequeueMs };
      } catch (error) {
        if (isStatus(error, 409) || isStatus(error, 404)) return { kind: 'requeueAfter', delayMs: 100 };
        if (isStatus(error, 422) || isStatus(error, 400)) {
          // The API server refused a child: terminal for this generation.
          const message = error instanceof Error ? error.message : String(error);
          await writeStatus(key, ud, errorStatus(ud, 'ChildRejected', message, new Date()));
          return done;
        }
        deps.logger.warn({ deployment: key, err: error }, 'reconcile failed, retrying with backoff');
        return { kind: 'error', error };
      }
    },
  };
}
