import {
  CONDITION_TYPES,
  setCondition,
  type Condition,
  type UserDeployment,
  type UserDeploymentPhase,
  type UserDeploymentStatus,
} from '@k8s-scheduler/crds';
import type { KubeObject } from '@k8s-scheduler/kube';

export type SecretsState = { synced: boolean; reason: string; message: string };

export type StatusInput = {
  deployment: UserDeployment;
  /** Live Deployment per service name (undefined when not seen yet). */
  workloads: ReadonlyMap<string, KubeObject | undefined>;
  secrets: SecretsState;
  /** Live Ingress, undefined when not seen yet, null when none is desired. */
  ingress: KubeObject | undefined | null;
  urls: string[];
  requireIngressAddress: boolean;
  now: Date;
};

type DeploymentStatusFields = {
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
};

/** Whether a Deployment has rolled out its current spec completely (every replica updated and ready). */
export function rolledOut(obj: KubeObject | undefined, desiredReplicas: number): boolean {
  if (!obj) return false;
  const status = (obj.status ?? {}) as DeploymentStatusFields;
  const generation = obj.metadata.generation ?? 0;
  return (
    (status.observedGeneration ?? 0) >= generation &&
    (status.updatedReplicas ?? 0) >= desiredReplicas &&
    (status.readyReplicas ?? 0) >= desiredReplicas &&
    (status.availableReplicas ?? 0) >= desiredReplicas &&
    (status.replicas ?? 0) === desiredReplicas
  );
}

function ingressHasAddress(obj: KubeObject | undefined): boolean {
  const lb = (obj?.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer;
  return (lb?.ingress?.length ?? 0) > 0;
}

/**
 * The status of a UserDeployment from its live children. Conditions keep their transition time
 * while unchanged, so recomputing an unchanged status yields an equal object (and no write).
 */
export function computeDeploymentStatus(input: StatusInput): UserDeploymentStatus {
  const { deployment: ud, now } = input;
  const generation = ud.metadata.generation ?? 0;
  let conditions: Condition[] | undefined = ud.status?.conditions;
  const set = (type: string, ok: boolean, reason: string, message: string): void => {
    conditions = setCondition(
      conditions,
      { type, status: ok ? 'True' : 'False', reason, message, observedGeneration: generation },
      now,
    );
  };

  const services = ud.spec.services.map((svc) => {
    const live = input.workloads.get(svc.name);
    const readyReplicas = ((live?.status ?? {}) as DeploymentStatusFields).readyReplicas ?? 0;
    return {
      name: svc.name,
      replicas: svc.replicas,
      readyReplicas,
      rolledOut: rolledOut(live, svc.replicas),
    };
  });
  const waiting = services.filter((s) => !s.rolledOut);
  const workloadsReady = waiting.length === 0;
  set(
    CONDITION_TYPES.progressing,
    !workloadsReady,
    workloadsReady ? 'RolloutComplete' : 'WaitingForReplicas',
    workloadsReady
      ? 'every service has rolled out'
      : `waiting for ${waiting.map((s) => `${s.name} (${s.readyReplicas}/${s.replicas} ready)`).join(', ')}`,
  );
  set(CONDITION_TYPES.secretsSynced, input.secrets.synced, input.secrets.reason, input.secrets.message);

  let ingressOk = true;
  if (input.ingress === null) {
    set(CONDITION_TYPES.ingressReady, true, 'NoIngress', 'no service is exposed');
  } else {
    const address = ingressHasAddress(input.ingress);
    ingressOk = input.ingress !== undefined && (address || !input.requireIngressAddress);
    set(
      CONDITION_TYPES.ingressReady,
      input.ingress !== undefined && address,
      input.ingress === undefined ? 'Creating' : address ? 'AddressAssigned' : 'AwaitingAddress',
      input.ingress === undefined
        ? 'the Ingress is being created'
        : address
          ? 'the ingress controller has assigned an address'
          : 'waiting for the ingress controller to assign an address',
    );
  }

  const ready = workloadsReady && input.secrets.synced && ingressOk;
  const reasons = [
    ...(workloadsReady ? [] : ['replicas are not ready yet']),
    ...(input.secrets.synced ? [] : [`secrets: ${input.secrets.message}`]),
    ...(ingressOk ? [] : ['ingress is not ready']),
  ];
  set(
    CONDITION_TYPES.ready,
    ready,
    ready ? 'Ready' : workloadsReady ? 'Waiting' : 'Provisioning',
    ready ? 'every service is ready' : reasons.join('; '),
  );
  const phase: UserDeploymentPhase = ready ? 'Ready' : 'Provisioning';
  return {
    phase,
    conditions,
    observedGeneration: generation,
    services: services.map(({ name, replicas, readyReplicas }) => ({ name, replicas, readyReplicas })),
    urls: input.urls,
    message: ready ? 'Ready' : reasons.join('; '),
  };
}

/** A terminal error status (invalid spec, forbidden placement …): no retry until the spec changes. */
export function errorStatus(
  ud: UserDeployment,
  reason: string,
  message: string,
  now: Date,
): UserDeploymentStatus {
  const generation = ud.metadata.generation ?? 0;
  const conditions = setCondition(
    ud.status?.conditions,
    { type: CONDITION_TYPES.ready, status: 'False', reason, message, observedGeneration: generation },
    now,
  );
  return { ...ud.status, phase: 'Error', conditions, observedGeneration: generation, message };
}
