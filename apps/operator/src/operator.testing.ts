/**
 * Test helper for the operator integration tests: an operator on the run's cluster that handles
 * only the objects of one test file (its namespace and its run label).
 */
import { afterAll, beforeAll } from 'vitest';
import type { KubeTestContext } from '../../../test/setup/kube';
import {
  TEST_RUN_LABEL,
  installExternalSecretsCrd,
  installPlatformCrds,
  kubeConfigFrom,
  testClient,
  testLogger,
} from '../test/operator.fixtures';
import type { KubeClient } from '@k8s-scheduler/kube';
import { createOperator, type Operator, type OperatorOptions } from './operator';

export type TestOperator = { client: KubeClient; operator: Operator };

/**
 * Installs the platform's CRDs (and External Secrets' with `externalSecrets`), then creates and
 * starts an operator watching `namespace` and the objects labelled with `run`, with its Lease (if
 * it elects a leader) in `namespace`. `config` is added to (and may override) that scope.
 */
export async function startTestOperator(options: {
  kubeconfigPath: string;
  namespace: string;
  run: string;
  config?: OperatorOptions['config'];
  secretSource?: OperatorOptions['secretSource'];
  externalSecrets?: boolean;
}): Promise<TestOperator> {
  const client = testClient(options.kubeconfigPath);
  try {
    await installPlatformCrds(client);
    if (options.externalSecrets) await installExternalSecretsCrd(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  const operator = createOperator({
    kubeConfig: kubeConfigFrom(options.kubeconfigPath),
    logger: testLogger,
    config: {
      watchNamespace: options.namespace,
      labelSelector: `${TEST_RUN_LABEL}=${options.run}`,
      leaseNamespace: options.namespace,
      ...options.config,
    },
    secretSource: options.secretSource,
  });
  await operator.start();
  return { client, operator };
}

/** Stops what `startTestOperator` started (either may be missing when set-up failed). */
export async function stopTestOperator(t: Partial<TestOperator>): Promise<void> {
  await t.operator?.stop();
  await t.client?.close();
}

type StartOptions = Omit<Parameters<typeof startTestOperator>[0], 'kubeconfigPath' | 'namespace'>;

/**
 * Registers hooks in the enclosing describe: `startTestOperator` on the file's cluster namespace
 * before the tests, `stopTestOperator` after. Read the fields inside hooks and tests.
 */
export function useTestOperator(kube: KubeTestContext, options: StartOptions): TestOperator {
  let started: Partial<TestOperator> = {};
  const need = <K extends keyof TestOperator>(key: K): TestOperator[K] => {
    const value = started[key];
    if (value === undefined) throw new Error('useTestOperator(): only available inside hooks and tests');
    return value as TestOperator[K];
  };
  beforeAll(async () => {
    started = await startTestOperator({
      kubeconfigPath: kube.kubeconfigPath,
      namespace: kube.namespace,
      ...options,
    });
  });
  afterAll(() => stopTestOperator(started));
  return {
    get client() {
      return need('client');
    },
    get operator() {
      return need('operator');
    },
  };
}
