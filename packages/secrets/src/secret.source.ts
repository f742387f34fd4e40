import type { EnvFromSecret } from '@k8s-scheduler/crds';

/** What the operator asks the store for: one service's effective keys (never logged with values). */
export type SecretSourceRef = {
  orgId: string;
  teamId: string;
  deploymentId: string;
  namespace: string;
  name: string;
  service: string;
  keys: EnvFromSecret[];
};

/** The operator's view of the store (built-in delivery): the merged values of one service's keys. */
export type SecretSource = (ref: SecretSourceRef) => Promise<Record<string, string>>;
