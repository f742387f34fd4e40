// The logger lives in @k8s-scheduler/config (shared with the CLI and the operator).
export { createLogger } from '@k8s-scheduler/config';
