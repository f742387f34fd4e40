import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type OperatorMetrics = {
  registry: Registry;
  reconciles: Counter<'controller' | 'result'>;
  errors: Counter<'controller'>;
  duration: Histogram<'controller'>;
  queueDepth: Gauge<'controller'>;
  inFlight: Gauge<'controller'>;
  watchRestarts: Counter<'resource' | 'reason'>;
  kubeRequests: Counter<'verb' | 'kind'>;
  skippedWrites: Counter<'kind'>;
  leader: Gauge;
};

/** Prometheus metrics of the operator, in their own registry (the server may merge it). */
export function createOperatorMetrics(
  registry: Registry = new Registry(),
  withDefaults = false,
): OperatorMetrics {
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'k8s_scheduler_operator_' });
  return {
    registry,
    reconciles: new Counter({
      name: 'k8s_scheduler_operator_reconciles_total',
      help: 'Reconciles by controller and result (done, requeue, error).',
      labelNames: ['controller', 'result'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'k8s_scheduler_operator_reconcile_errors_total',
      help: 'Reconciles that failed and were retried with backoff.',
      labelNames: ['controller'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'k8s_scheduler_operator_reconcile_duration_seconds',
      help: 'Duration of one reconcile.',
      labelNames: ['controller'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'k8s_scheduler_operator_queue_depth',
      help: 'Keys waiting in the work queue.',
      labelNames: ['controller'],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'k8s_scheduler_operator_reconciles_in_flight',
      help: 'Keys being reconciled right now (saturation: compare with the concurrency setting).',
      labelNames: ['controller'],
      registers: [registry],
    }),
    watchRestarts: new Counter({
      name: 'k8s_scheduler_operator_watch_restarts_total',
      help: 'Watches restarted, by resource and reason (closed, error, gone, hung).',
      labelNames: ['resource', 'reason'],
      registers: [registry],
    }),
    kubeRequests: new Counter({
      name: 'k8s_scheduler_operator_kube_requests_total',
      help: 'Requests to the Kubernetes API by verb and kind.',
      labelNames: ['verb', 'kind'],
      registers: [registry],
    }),
    skippedWrites: new Counter({
      name: 'k8s_scheduler_operator_skipped_writes_total',
      help: 'Applies skipped because the live object already matched.',
      labelNames: ['kind'],
      registers: [registry],
    }),
    leader: new Gauge({
      name: 'k8s_scheduler_operator_is_leader',
      help: '1 while this replica holds the leader Lease.',
      registers: [registry],
    }),
  };
}

/**
 * Sum of the mutating requests counted so far (create, update, patch, delete), leaving out the
 * leader-election Lease renewals, which are a heartbeat and not reconcile work.
 */
export async function writeCount(metrics: OperatorMetrics): Promise<number> {
  const data = await metrics.kubeRequests.get();
  return data.values
    .filter(
      (v) =>
        ['create', 'update', 'patch', 'delete'].includes(String(v.labels.verb)) && v.labels.kind !== 'Lease',
    )
    .reduce((sum, v) => sum + v.value, 0);
}
