/**
 * A start-up failure that is the operator's to fix (an unreachable database, a port in use): its
 * `message` is one line saying what and where, and the CLI prints just that, without a stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens there)',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed temporarily (DNS)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
};

/** PostgreSQL refusals that name the cause better than the network codes. */
const PG_ERRORS: Record<string, string> = {
  '28P01': 'password authentication failed',
  '28000': 'authentication refused (pg_hba.conf)',
  '3D000': 'the database does not exist',
  '57P03': 'the server is starting up or shutting down',
  '53300': 'too many connections',
};

/**
 * The one line an unreachable or refusing database gets: `cannot reach the database at
 * host:port/name (DATABASE_URL): <cause> (<code>)`. Credentials in the URL are never shown.
 */
export function databaseConnectError(url: string, err: unknown): StartupError {
  let where = 'DATABASE_URL';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    // an unparsable URL was refused by the configuration already
  }
  const e = firstCause(err);
  const code = typeof e.code === 'string' ? e.code : undefined;
  const known = code ? (NETWORK_ERRORS[code] ?? PG_ERRORS[code]) : undefined;
  const message = typeof e.message === 'string' && e.message.trim() ? e.message.trim().split('\n')[0] : '';
  const cause = known ?? (message || 'unknown error');
  return new StartupError(
    `cannot reach the database at ${where} (DATABASE_URL): ${cause}${code ? ` (${code})` : ''}`,
  );
}

/** Node reports every address tried (IPv6 and IPv4 of "localhost") as an AggregateError. */
function firstCause(err: unknown): { code?: unknown; message?: unknown } {
  let e = err as { code?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown } | null;
  for (let i = 0; i < 5 && e; i++) {
    if (typeof e.code === 'string') return e;
    if (Array.isArray(e.errors) && e.errors.length) e = e.errors[0] as typeof e;
    else if (e.cause) e = e.cause as typeof e;
    else break;
  }
  return e ?? {};
}

/**
 * Whether npm started this process (`npm start`, `npm run`, `npx`): npm sets `npm_command` in its
 * children's environment. npm does not pass a SIGTERM on to the command it runs, so such a server
 * watches npm itself (see the CLI).
 */
export function launchedByNpm(env: Record<string, string | undefined> = process.env): boolean {
  return typeof env.npm_command === 'string' && env.npm_command !== '';
}
