import type { Logger } from 'pino';
import {
  ConfigError,
  createLogger,
  loadConfigFromProcess,
  productionWarnings,
  unknownVariableWarnings,
  type Config,
  type Mode,
} from '@k8s-scheduler/config';
import os from 'node:os';
import { openDatabase, setPlatformAdminByEmail } from '@k8s-scheduler/server';
import { createEmbeddedPlatform } from './embedded';

const USAGE = `Usage: k8s-scheduler <command>

Commands:
  start      server and operator in one process (the embedded default: PGlite, memory sessions,
             built-in secret store, dev sign-in, the local cluster when it is running)
  server     the HTTP API and UI only
  operator   the Kubernetes operator only
  migrate    apply database migrations and exit
  admin grant <email>    make the direct (non-client) user with this email a platform admin
                         (creates the account; they sign in with the platform's providers)
  admin revoke <email>   take platform admin away from that user
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

/** `admin grant|revoke <email>`: talks to the database directly (like `migrate`), audited. */
async function adminCommand(config: Config, args: string[]) {
  const [verb, email, ...rest] = args;
  if ((verb !== 'grant' && verb !== 'revoke') || !email || rest.length > 0)
    fail(`usage: k8s-scheduler admin grant|revoke <email>`);
  if (!/^[^@\s]+@[^@\s]+$/.test(email))
    fail(`admin ${verb}: "${email.slice(0, 80)}" is not an email address`);
  const db = await openDatabase(config.database);
  try {
    if (config.migrateOnStart) await db.migrate();
    const change = await setPlatformAdminByEmail(db.db, email, verb === 'grant', {
      clientId: null,
      userId: null,
      apiKeyId: null,
      ip: null,
      userAgent: `k8s-scheduler admin ${verb} (${os.userInfo().username}@${os.hostname()})`,
      requestId: null,
    });
    const line =
      change.outcome === 'not_found'
        ? `no direct user with the email ${email}; nothing to revoke`
        : change.outcome === 'unchanged'
          ? `${change.user.email} ${verb === 'grant' ? 'is already' : 'is not'} a platform admin; nothing changed`
          : change.outcome === 'granted'
            ? `${change.user.email} is now a platform admin${change.created ? ' (account created; it is theirs when they sign in with the platform’s sign-in provider)' : ''}`
            : `${change.user.email} is no longer a platform admin`;
    process.stdout.write(`${line}\n`);
    if (change.outcome === 'not_found') process.exitCode = 1;
  } finally {
    await db.close();
  }
}

async function main(argv: string[]) {
  const command = argv[0] as Mode | '--help' | '-h' | undefined;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return;
  }
  if (!['start', 'server', 'operator', 'migrate', 'admin'].includes(command))
    fail(`unknown command "${command}"\n\n${USAGE}`);

  let config;
  try {
    config = loadConfigFromProcess(command);
  } catch (err) {
    if (err instanceof ConfigError) {
      // A typo may be why a setting is missing: say so first. Then one line per problem (a
      // production refusal names every one at once).
      for (const warning of unknownVariableWarnings())
        process.stderr.write(`k8s-scheduler: warning: ${warning}\n`);
      fail(err.message.split('\n').join('\nk8s-scheduler: '));
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  for (const warning of unknownVariableWarnings()) logger.warn(warning);
  for (const warning of productionWarnings(config))
    logger.warn(`**************** ${warning} ****************`);

  if (command === 'admin') {
    await adminCommand(config, argv.slice(1));
    return;
  }

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
