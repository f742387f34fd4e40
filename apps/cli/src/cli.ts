import type { Logger } from 'pino';
import {
  ConfigError,
  createLogger,
  loadConfigFromProcess,
  databaseConnectError,
  launchedByNpm,
  productionWarnings,
  resolveLogFormat,
  StartupError,
  unknownVariableWarnings,
  type Config,
  type Mode,
} from '@k8s-scheduler/config';
import net from 'node:net';
import os from 'node:os';
import { openDatabase, setPlatformAdminByEmail } from '@k8s-scheduler/server';
import { createEmbeddedPlatform } from './embedded';
import { npmAncestors, watchAncestors } from './parent-watch';

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
  const db = await openReachableDatabase(config);
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
  const logger = createLogger(
    config.logLevel,
    'k8s-scheduler',
    resolveLogFormat(config.logFormat, process.stdout.isTTY === true),
  );
  for (const warning of unknownVariableWarnings()) logger.warn(warning);
  for (const warning of productionWarnings(config))
    logger.warn(`**************** ${warning} ****************`);

  if (command === 'admin') {
    await adminCommand(config, argv.slice(1));
    return;
  }

  if (command === 'migrate') {
    const db = await openReachableDatabase(config);
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

  // A port in use is one line, before any migration runs.
  await ensurePortFree(config.host, config.port, 'PORT');
  if (config.metrics) await ensurePortFree(config.metrics.host, config.metrics.port, 'METRICS_PORT');

  // A signal during start-up (migrations, cluster discovery) ends the process as it comes.
  let platform: Awaited<ReturnType<typeof createEmbeddedPlatform>> | null = null;
  let stopping = false;
  let stopAt = 0;
  const stop = async (reason: string) => {
    if (stopping) {
      // Another Ctrl-C / SIGTERM a second later: stop now, without waiting for the graceful close.
      // (Ctrl-C reaches npm, scripts/start.mjs and this process together: copies within a second are one.)
      if (Date.now() - stopAt < 1000) return;
      logger.warn({ reason }, 'stopping immediately');
      process.exit(130);
    }
    stopping = true;
    stopAt = Date.now();
    logger.info({ reason }, 'shutting down');
    // A close that hangs (a stuck connection, a cluster that does not answer) must not keep the
    // process alive: the deadline ends it.
    setTimeout(() => {
      logger.error({ afterMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await platform?.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // Started by `npm start` (scripts/start.mjs) over an IPC channel: when that parent goes away,
  // even by SIGKILL, the server goes too instead of being left running.
  if (process.send) process.on('disconnect', () => void stop('parent process exited'));
  // Run by npm (`npm start`, `npx k8s-scheduler`): npm exits on SIGTERM without passing it on, so
  // the server watches npm and the processes in between and stops when one of them is gone.
  if (launchedByNpm()) {
    const ancestors = npmAncestors();
    watchAncestors(ancestors, (pid) => void stop(`parent process ${pid} exited`));
  }

  platform = await createEmbeddedPlatform(config, logger);
  if (stopping) return;
  await platform.listen();
  banner(logger, config.publicUrl, config.dev.enabled);
}

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/** Refuses a port that is already taken, as one line, before anything is started. */
async function ensurePortFree(host: string, port: number, variable: string): Promise<void> {
  if (port === 0) return;
  const server = net.createServer();
  const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    server.once('error', resolve);
    server.listen({ host, port, exclusive: true }, () => resolve(null));
  });
  if (!err) {
    await new Promise((resolve) => server.close(resolve));
    return;
  }
  const why =
    err.code === 'EADDRINUSE'
      ? 'is already in use (another k8s-scheduler still running?): stop that process or choose another port'
      : err.code === 'EACCES'
        ? 'may not be bound by this user (ports below 1024 need privileges): choose another port'
        : err.code === 'EADDRNOTAVAIL'
          ? "cannot be bound: the address is not one of this machine's; check HOST"
          : `cannot be bound (${err.code ?? err.message})`;
  throw new StartupError(`port ${port} on ${host} (${variable}) ${why}`);
}

/** Opens the configured database and reaches it, or fails with one line naming where and why. */
async function openReachableDatabase(config: Config) {
  const db = await openDatabase(
    config.database.kind === 'pglite' ? config.database : { kind: 'postgres', url: config.database.url },
  );
  try {
    await db.ping();
  } catch (err) {
    await db.close().catch(() => undefined);
    if (config.database.kind === 'postgres') throw databaseConnectError(config.database.url, err);
    throw err;
  }
  return db;
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Start-up failures that are the operator's to fix get one clear line; the rest keep their stack.
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof StartupError) fail(`cannot start: ${message}`);
  if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist|Kubernetes is required/.test(message)) {
    fail(`cannot start: ${message}`);
  }
  process.stderr.write(`k8s-scheduler: fatal: ${err instanceof Error ? (err.stack ?? message) : message}\n`);
  process.exit(1);
});
