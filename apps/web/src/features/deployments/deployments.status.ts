import type { DeploymentDetail, DeploymentPhase, DeploymentSummary } from '@k8s-scheduler/contracts';

/** Phases that change by themselves (the operator is still working), so the UI keeps watching. */
export function isSettling(phase: DeploymentPhase): boolean {
  return phase === 'Pending' || phase === 'Provisioning' || phase === 'Deleting';
}

/** How often to refresh a list or detail: quickly while anything settles, slowly otherwise. */
export function refreshInterval(phases: readonly DeploymentPhase[]): number {
  return phases.some(isSettling) ? 2_000 : 15_000;
}

/**
 * Folds a fresh deployment (an action's answer, or a live update) into a cached list: replaces the
 * entry with the same id, keeps the order, and leaves lists of other teams untouched.
 */
export function upsertDeployment(
  list: readonly DeploymentSummary[] | undefined,
  next: DeploymentSummary,
): DeploymentSummary[] | undefined {
  if (!list) return list;
  const index = list.findIndex((d) => d.id === next.id);
  if (index === -1) return [next, ...list];
  const copy = [...list];
  copy[index] = next;
  return copy;
}

/** Total ready / desired replicas over the services of a deployment. */
export function replicaTotals(services: DeploymentDetail['services']): { ready: number; desired: number } {
  return services.reduce(
    (acc, s) => ({ ready: acc.ready + (s.readyReplicas ?? 0), desired: acc.desired + s.replicas }),
    { ready: 0, desired: 0 },
  );
}
