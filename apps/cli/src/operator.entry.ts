import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import {
  clusterCandidates,
  findCluster,
  type ClusterCandidate,
  type FoundCluster,
} from '@k8s-scheduler/kube';
import type { OperatorOptions } from '@k8s-scheduler/operator';
import type { SecretSource } from '@k8s-scheduler/secrets';
import {
  ConfigError,
  createLogger,
  loadConfigFromProcess,
  productionWarnings,
  resolveLogFormat,
  unknownVariableWarnings,
  type Config,
} from '@k8s-scheduler/config';

/**
 * `k8s-scheduler operator` as a program of its own: the entry of the operator bundle
 * (`npm run build -w apps/cli`, run by plain Node without tsx; the CLI uses it when present).
 */
export async function operatorMain(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromProcess('operator');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`k8s-scheduler: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(
    config.logLevel,
    'k8s-scheduler',
    resolveLogFormat(config.logFormat, process.stdout.isTTY === true),
  );
  for (const warning of unknownVariableWarnings()) logger.warn(warning);
  for (const warning of productionWarnings(config))
    logger.warn(`**************** ${warning} ****************`);
  try {
    await runStandaloneOperator(config, logger);
  } catch (err) {
    process.stderr.write(
      `k8s-scheduler: cannot start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  }
}

/** `k8s-scheduler operator`: the controller alone, for running several replicas with leader election. */
export async function runStandaloneOperator(config: Config, logger: Logger): Promise<void> {
  // Only the platform's own client here: client-node's generated API costs >100 MiB of memory.
  const operatorModule = await import('@k8s-scheduler/operator');
  const cluster = await findOperatorCluster(config);
  logger.info(
    { source: cluster.source, server: cluster.server, version: cluster.version },
    'operator: Kubernetes connected',
  );
  const secrets = lazySecretSource(config, logger);
  const running = await operatorModule.runOperator({
    kubeConfig: cluster.kubeConfig,
    logger,
    host: config.host,
    port: config.operator.port,
    config: { ...operatorOptions(config), leaderElection: config.operator.leaderElection },
    secretSource: secrets.secretSource,
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'operator shutting down');
    Promise.all([running.stop(), secrets.close()]).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'operator shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/**
 * The cluster of the standalone operator (see `operatorClusterCandidates`): the first that answers
 * `/version` wins, and the caller logs which one it was.
 */
async function findOperatorCluster(config: Config): Promise<FoundCluster> {
  if (config.kubernetes.mode === 'off')
    throw new Error('Kubernetes is required for the operator (KUBERNETES=off)');
  const candidates = operatorClusterCandidates(config, existsSync);
  if (candidates.length === 0)
    throw new Error(
      'Kubernetes is required for the operator but there is no local cluster, no KUBECONFIG and no in-cluster service account',
    );
  const found = await findCluster(candidates, 5_000);
  if (!found.cluster)
    throw new Error(
      `Kubernetes is required for the operator but no cluster answered (${found.failures.join('; ')})`,
    );
  return found.cluster;
}

/**
 * Where the standalone operator looks for its cluster. In a pod (the service-account variables are
 * set) only there: a leftover kubeconfig on the image or host must never point a production
 * operator at another cluster. Elsewhere the server's order: the local kube-sim cluster, then the
 * first file of KUBECONFIG.
 */
export function operatorClusterCandidates(
  config: Config,
  exists: (file: string) => boolean,
): ClusterCandidate[] {
  const k = config.kubernetes;
  return clusterCandidates(
    {
      inCluster: config.operator.inCluster,
      localClustersDir: k.localClustersDir,
      localClusterName: k.localClusterName,
      kubeconfig: k.kubeconfig,
    },
    exists,
  );
}

/**
 * The built-in store's values are read from the platform database (through the server's secrets
 * module, `@k8s-scheduler/server/secret-source`, which owns those tables), opened on first use:
 * an operator whose deployments need no built-in secret (or that runs with CLUSTER_SECRET_STORE)
 * never loads a database driver. A failed opening is retried by the next reconcile (backoff).
 */
function lazySecretSource(
  config: Config,
  logger: Logger,
): { secretSource: SecretSource; close(): Promise<void> } {
  type Opened = Awaited<ReturnType<typeof import('@k8s-scheduler/server/secret-source').openSecretSource>>;
  let opened: Promise<Opened> | undefined;
  const open = (): Promise<Opened> => {
    opened ??= import('@k8s-scheduler/server/secret-source')
      .then(({ openSecretSource }) => openSecretSource(config, logger))
      .catch((err: unknown) => {
        opened = undefined;
        throw err;
      });
    return opened;
  };
  return {
    secretSource: async (ref) => (await open()).secretSource(ref),
    async close() {
      const source = await opened?.catch(() => undefined);
      await source?.close();
    },
  };
}

/** Operator settings derived from the platform configuration (the embedded and the standalone operator). */
export function operatorOptions(config: Config): NonNullable<OperatorOptions['config']> {
  const o = config.operator;
  return {
    namespaceShared: config.kubernetes.sharedNamespace,
    ingressClass: config.kubernetes.ingressClass,
    deploymentDomain: config.deploymentDomain,
    clusterSecretStore: config.kubernetes.clusterSecretStore,
    // ExternalSecrets must point at the same paths the server writes to.
    externalSecretsKeyPrefix: config.secrets.pathPrefix,
    externalSecretsApiVersion: o.externalSecretsApiVersion,
    clusterIssuer: o.clusterIssuer,
    ingressControllerNamespace: o.ingressControllerNamespace,
    leaseNamespace: o.leaseNamespace,
    leaseDurationMs: o.leaseDurationMs,
    renewDeadlineMs: o.renewDeadlineMs,
    retryPeriodMs: o.retryPeriodMs,
    concurrency: o.concurrency,
    watchNamespace: o.watchNamespace,
    labelSelector: o.labelSelector,
    ...(o.identity ? { identity: o.identity } : {}),
  };
}
