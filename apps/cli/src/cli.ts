import type { Logger } from 'pino';
import { ConfigError, createLogger, loadConfigFromProcess, type Mode } from '@k8s-scheduler/config';
import { openDatabase } from '@k8s-scheduler/server';
import { createEmbeddedPlatform } from './embedded';

const USAGE = `Usage: k8s-scheduler <command>

Commands:
  start      server and operator in one process (the embedded default: PGlite, memory sessions,
             built-in secret store, dev sign-in, the local cluster when it is running)
  server     the HTTP API and UI only
  operator   the Kubernetes operator only
  migrate    apply database migrations and exit
`;

function fail(message: string): never {
  process.stderr.write(`k8s-scheduler: ${message}\n`);
  process.exit(1);
}

function banner(logger: Logger, url: string, devMode: boolean) {
  if (devMode) {
    logger.warn(
      '**************** DEV MODE IS ON: anyone reaching this server can sign in as the dev user via /dev/login. Never expose it. ****************',
    );
  }
  logger.info({ url }, `k8s-scheduler is listening on ${url}`);
}

async function main(argv: string[]) {
  const command = argv[0] as Mode | '--help' | '-h' | undefined;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  if (!['start', 'server', 'operator', 'migrate'].includes(command))
    fail(`unknown command "${command}"\n\n${USAGE}`);

  let config;
  try {
    config = loadConfigFromProcess(command);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const logger = createLogger(config.logLevel);

  if (command === 'migrate') {
    const db = await openDatabase(
      config.database.kind === 'pglite' ? config.database : { kind: 'postgres', url: config.database.url },
    );
    await db.migrate();
    await db.close();
    logger.info({ database: db.kind }, 'migrations applied');
    return;
  }

  if (command === 'operator') {
    const { runStandaloneOperator } = await import('./operator.entry');
    await runStandaloneOperator(config, logger);
    return;
  }

  const platform = await createEmbeddedPlatform(config, logger);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await platform.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await platform.listen();
  banner(logger, config.publicUrl, config.dev.enabled);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Start-up failures that are the operator's to fix get one clear line; the rest keep their stack.
  const message = err instanceof Error ? err.message : String(err);
  if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist|Kubernetes is required/.test(message)) {
    fail(`cannot start: ${message}`);
  }
  process.stderr.write(`k8s-scheduler: fatal: ${err instanceof Error ? (err.stack ?? message) : message}\n`);
  process.exit(1);
});
