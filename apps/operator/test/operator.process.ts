/**
 * Runs an operator in its own process: for the test that kills it with SIGKILL mid-reconcile and
 * for the benchmark (RSS, restart writes). argv[2] is JSON: { kubeconfigPath, config, port? }.
 * Prints `port=<n>` (when a port is given), `leading`, then `idle` each time the queues drain.
 */
import { pino } from 'pino';
import { loadKubeconfig } from '@k8s-scheduler/kube';
import { runOperator } from '../src/index';

// Only the operator's own imports here: the benchmark measures this process's memory.
const testLogger = pino({ level: process.env.OPERATOR_TEST_LOG ?? 'warn' });

const input = JSON.parse(process.argv[2] ?? '{}') as {
  kubeconfigPath: string;
  config: Record<string, unknown>;
  port?: number;
};
const running = await runOperator({
  kubeConfig: loadKubeconfig(input.kubeconfigPath),
  port: input.port ?? 0,
  logger: testLogger,
  config: input.config,
});
process.stdout.write(`port=${running.port}\n`);
const timer = setInterval(() => {
  if (!running.operator.isLeader()) return;
  clearInterval(timer);
  process.stdout.write('leading\n');
  void running.operator.idle().then(() => process.stdout.write('idle\n'));
}, 20);
process.once('SIGTERM', () => {
  void running.stop().then(() => process.exit(0));
});
