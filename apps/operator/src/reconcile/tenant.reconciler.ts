import type { Logger } from 'pino';
import {
  FINALIZER,
  LABELS,
  tenantSchema,
  setCondition,
  type Tenant,
  type TenantStatus,
} from '@k8s-scheduler/crds';
import { desiredTenantChildren, hashString, stableStringify } from '@k8s-scheduler/domain';
import type { Informer } from '../controller/informer';
import type { ReconcileResult } from '../controller/workqueue';
import { type KubeClient, type KubeObject, isStatus, Kinds } from '@k8s-scheduler/kube';
import type { Applier } from './applier';
import type { EventRecorder } from './events';

export type TenantReconcilerDeps = {
  client: KubeClient;
  applier: Applier;
  events: EventRecorder;
  logger: Logger;
  tenants: Informer;
  sharedNamespace: string;
};

const done: ReconcileResult = { kind: 'done' };

/**
 * Reconciles one Tenant into its namespace, ResourceQuota, LimitRange and default NetworkPolicies.
 * A tier change re-applies the quota and replaces the policies of the namespace (policies no
 * longer desired are pruned). Nothing else is deleted on a downgrade: running deployments stay.
 * Deleting a Tenant deletes its own namespace (never the shared one), then drops the finalizer.
 */
export function createTenantReconciler(deps: TenantReconcilerDeps): {
  reconcile(key: string): Promise<ReconcileResult>;
} {
  const lastStatus = new Map<string, string>();

  const writeStatus = async (tenant: Tenant, status: TenantStatus): Promise<void> => {
    const text = stableStringify(status);
    // Only a hash of the last written status is kept (memory, with thousands of objects).
    const next = hashString(text);
    if (text === stableStringify(tenant.status ?? {}) || next === lastStatus.get(tenant.metadata.name))
      return;
    await deps.client.mergePatch(
      { apiVersion: tenant.apiVersion, kind: tenant.kind },
      tenant.metadata.name,
      undefined,
      { status: { ...status, message: status.message ?? null } },
      'status',
    );
    lastStatus.set(tenant.metadata.name, next);
    if (tenant.status?.phase !== status.phase) {
      await deps.events.record(
        tenant as unknown as KubeObject,
        status.phase === 'Error' ? 'Warning' : 'Normal',
        status.phase ?? 'Unknown',
        status.message ?? '',
      );
    }
  };

  const setFinalizers = (tenant: Tenant, finalizers: string[]): Promise<KubeObject> =>
    deps.client.mergePatch(
      { apiVersion: tenant.apiVersion, kind: tenant.kind },
      tenant.metadata.name,
      undefined,
      {
        metadata: { finalizers, resourceVersion: tenant.metadata.resourceVersion },
      },
    );

  const statusOf = (
    tenant: Tenant,
    phase: TenantStatus['phase'],
    ok: boolean,
    reason: string,
    message: string,
  ): TenantStatus => {
    const generation = tenant.metadata.generation ?? 0;
    return {
      phase,
      observedGeneration: generation,
      conditions: setCondition(tenant.status?.conditions, {
        type: 'Ready',
        status: ok ? 'True' : 'False',
        reason,
        message,
        observedGeneration: generation,
      }),
      message,
    };
  };

  return {
    async reconcile(key) {
      const raw = deps.tenants.get(key);
      if (!raw) {
        lastStatus.delete(key);
        return done;
      }
      const parsed = tenantSchema.safeParse(raw);
      if (!parsed.success) {
        const tenant = raw as unknown as Tenant;
        const message = `invalid spec: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`;
        await writeStatus(tenant, statusOf(tenant, 'Error', false, 'InvalidSpec', message));
        return done;
      }
      const tenant = parsed.data;
      try {
        const desired = desiredTenantChildren(tenant, deps.sharedNamespace);
        if (tenant.metadata.deletionTimestamp) {
          if (!(tenant.metadata.finalizers ?? []).includes(FINALIZER)) return done;
          await writeStatus(
            tenant,
            statusOf(tenant, 'Deleting', false, 'Deleting', 'removing the namespace'),
          );
          if (desired.ownsNamespace) await deps.client.delete(Kinds.namespace, desired.namespace);
          await setFinalizers(
            tenant,
            (tenant.metadata.finalizers ?? []).filter((f) => f !== FINALIZER),
          );
          lastStatus.delete(key);
          return done;
        }
        // Then on in the same pass: the update event of our own finalizer does not re-queue the Tenant.
        if (!(tenant.metadata.finalizers ?? []).includes(FINALIZER)) {
          await setFinalizers(tenant, [...(tenant.metadata.finalizers ?? []), FINALIZER]);
        }
        const [namespace, ...rest] = desired.objects;
        // The namespace must exist before anything inside it.
        if (namespace) await deps.applier.apply(namespace);
        await Promise.all(rest.map((obj) => deps.applier.apply(obj)));
        const livePolicies = (deps.applier.cache('NetworkPolicy')?.list() ?? []).filter(
          (p) =>
            p.metadata.namespace === desired.namespace &&
            p.metadata.labels?.[LABELS.tenant] === tenant.metadata.name,
        );
        await deps.applier.prune(livePolicies, rest);
        await writeStatus(
          tenant,
          statusOf(
            tenant,
            'Ready',
            true,
            'Ready',
            `namespace ${desired.namespace} ready (${tenant.spec.isolation} isolation)`,
          ),
        );
        return done;
      } catch (error) {
        if (isStatus(error, 409)) return { kind: 'requeueAfter', delayMs: 100 };
        deps.logger.warn({ tenant: key, err: error }, 'tenant reconcile failed, retrying with backoff');
        return { kind: 'error', error };
      }
    },
  };
}
