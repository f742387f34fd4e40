/**
 * Runs an operator in its own process, for the test that kills it with SIGKILL mid-reconcile.
 * argv[2] is JSON: { kubeconfigPath, config }.
 */
import { createOperator } from '../src/operator';
import { kubeConfigFrom, testLogger } from './operator.fixtures';

const input = JSON.parse(process.argv[2] ?? '{}') as { kubeconfigPath: string; config: Record<string, unknown> };
const operator = createOperator({ kubeConfig: kubeConfigFrom(input.kubeconfigPath), logger: testLogger, config: input.config });
await operator.start();
const timer = setInterval(() => {
  if (operator.isLeader()) {
    clearInterval(timer);
    process.stdout.write('leading\n');
  }
}, 50);
