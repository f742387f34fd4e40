// The configuration loader lives in @k8s-scheduler/config (shared with the CLI and the operator).
export * from '@k8s-scheduler/config';
