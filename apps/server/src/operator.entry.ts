import type { Logger } from 'pino';
import type { Config } from './config/config';
import { connectKubernetes } from './kube/connect';

/** `k8s-scheduler operator`: the controller alone, for running several replicas with leader election. */
export async function runStandaloneOperator(config: Config, logger: Logger): Promise<void> {
  const { connection, reason } = await connectKubernetes({ ...config, kubernetes: { ...config.kubernetes, mode: 'required' } }).catch(
    (err: unknown) => ({ connection: null, reason: err instanceof Error ? err.message : String(err) }),
  );
  if (!connection) throw new Error(`Kubernetes is required for the operator: ${reason}`);
  const [{ runOperator }, { openSecretSource }] = await Promise.all([
    import('@k8s-scheduler/operator'),
    import('./modules/secrets/secret.source'),
  ]);
  // The built-in store's values are read from the platform database, so the operator opens it too.
  const secrets = await openSecretSource(config, logger);
  const running = await runOperator({
    kubeconfigPath: connection.file,
    logger,
    port: config.operator.port,
    config: operatorOptions(config),
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

/** Operator settings derived from the platform configuration. */
export function operatorOptions(config: Config) {
  return {
    namespaceShared: config.kubernetes.sharedNamespace,
    ingressClass: config.kubernetes.ingressClass,
    deploymentDomain: config.deploymentDomain,
    clusterSecretStore: config.kubernetes.clusterSecretStore,
    // ExternalSecrets must point at the same paths the server writes to.
    externalSecretsKeyPrefix: config.secrets.pathPrefix,
  };
}
