import { pino, type Logger } from 'pino';
import type { KubeAuth } from '@k8s-scheduler/kube';
import { startHealthServer } from './health';
import { createOperatorMetrics } from './metrics';
import { createOperator, type Operator, type OperatorOptions } from './operator';
import type { SecretSource } from '@k8s-scheduler/secrets';

export { createOperator, OPERATOR_FIELD_MANAGER, type Operator, type OperatorOptions } from './operator';
export { defaultOperatorConfig, type OperatorConfig } from './config';
export { createOperatorMetrics, writeCount, type OperatorMetrics } from './metrics';
export type { SecretSource, SecretSourceRef } from '@k8s-scheduler/secrets';
export { startHealthServer } from './health';

export type RunOperatorOptions = {
  /** The cluster: `loadKubeconfig(path)`, `inClusterKubeconfig(host, port)` or a client-node KubeConfig. */
  kubeConfig: KubeAuth;
  /** Port of /healthz, /readyz and /metrics (0 picks a free one). */
  port: number;
  host?: string;
  logger?: Logger;
  config?: OperatorOptions['config'];
  secretSource?: SecretSource;
};

/**
 * The standalone operator (the CLI's `operator` command): the operator plus its health server.
 * Every setting comes in as an argument (the server's config module reads the environment).
 * Resolves once started; the returned `stop` shuts both down (call it on SIGTERM).
 */
export async function runOperator(
  options: RunOperatorOptions,
): Promise<{ operator: Operator; port: number; stop(): Promise<void> }> {
  const logger = options.logger ?? pino({ name: 'k8s-scheduler-operator' });
  const metrics = createOperatorMetrics(undefined, true);
  const operator = createOperator({
    kubeConfig: options.kubeConfig,
    logger,
    config: options.config ?? {},
    metrics,
    ...(options.secretSource ? { secretSource: options.secretSource } : {}),
  });
  const server = await startHealthServer({
    port: options.port,
    ready: operator.ready,
    registry: metrics.registry,
    ...(options.host ? { host: options.host } : {}),
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  await operator.start();
  logger.info({ port }, 'operator running');
  return {
    operator,
    port,
    async stop() {
      await operator.stop();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
