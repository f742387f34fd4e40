import pino, { type Logger } from 'pino';

/** What a redacted credential is replaced with, in paths, query strings and fields alike. */
export const REDACTED = '[redacted]';

/** Paths whose next segment is a credential: the invitation token (API and SPA link). */
const CREDENTIAL_PATH = /^((?:\/api)?\/invitations\/)[^/?#]+/i;
/** Query parameters that carry a credential (OAuth code/state, bearer and API tokens). */
const CREDENTIAL_PARAMS = new Set([
  'code',
  'state',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'api_key',
  'apikey',
  'key',
  'password',
  'secret',
  'client_secret',
]);

function redactPath(pathname: string): string {
  return pathname.replace(CREDENTIAL_PATH, `$1${REDACTED}`);
}

/**
 * A request URL fit for a log line: the invitation token in `/api/invitations/:token…` and
 * `/invitations/:token`, the values of credential query parameters, and a relative path given as a
 * query value (e.g. `/login?redirect=/invitations/<token>`) are replaced by `[redacted]`.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const pathname = q === -1 ? url : url.slice(0, q);
  if (q === -1) return redactPath(pathname);
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const rawKey = pair.slice(0, eq);
      const rawValue = pair.slice(eq + 1);
      let key = rawKey;
      let value = rawValue;
      try {
        key = decodeURIComponent(rawKey.replaceAll('+', ' '));
        value = decodeURIComponent(rawValue.replaceAll('+', ' '));
      } catch {
        // A malformed escape: judge the raw text.
      }
      if (CREDENTIAL_PARAMS.has(key.toLowerCase())) return `${rawKey}=${REDACTED}`;
      if (value.startsWith('/')) {
        const redacted = redactUrl(value);
        if (redacted !== value) return `${rawKey}=${encodeURIComponent(redacted)}`;
      }
      return pair;
    })
    .join('&');
  return `${redactPath(pathname)}?${params}`;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/**
 * The `req` serializer of every request log line (Fastify's incoming/completed lines and any
 * `{ req }` logged): the method, the redacted URL and where it came from; never the headers.
 */
export function serializeRequest(req: LoggedRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * JSON logs with credentials redacted at the source: cookies, authorization headers, credentials in
 * request URLs (invitation tokens, OAuth code/state, token query parameters) and anything named like
 * a secret value never reach the output.
 */
export function createLogger(
  level: string,
  name = 'k8s-scheduler',
  format: 'json' | 'pretty' = 'json',
  out: { write(text: string): unknown } = process.stdout,
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    serializers: { req: serializeRequest },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.secret',
        '*.value',
        '*.token',
        '*.clientSecret',
      ],
      censor: REDACTED,
    },
  };
  if (format === 'json') return out === process.stdout ? pino(options) : pino(options, out);
  const colors = out === process.stdout && process.stdout.isTTY === true;
  return pino(options, { write: (line: string) => out.write(formatLogLine(line, colors)) });
}

/** `LOG_FORMAT=auto`: readable lines on a terminal, JSON (for collectors) everywhere else. */
export function resolveLogFormat(setting: 'auto' | 'json' | 'pretty', isTTY: boolean): 'json' | 'pretty' {
  return setting === 'auto' ? (isTTY ? 'pretty' : 'json') : setting;
}

const LEVELS: Record<number, [label: string, color: number]> = {
  10: ['TRACE', 90],
  20: ['DEBUG', 36],
  30: ['INFO ', 32],
  40: ['WARN ', 33],
  50: ['ERROR', 31],
  60: ['FATAL', 35],
};

/** Fields every line has, shown in the line's head instead of as key=value. */
const HEAD = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'err']);

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/**
 * One pino JSON line as a readable line: `12:04:05.123 INFO  message key=value …`, an error's
 * stack indented below it. Colours only on a terminal. Anything that is not JSON passes unchanged.
 * (A small formatter instead of pino-pretty, which is only a development dependency of the server.)
 */
export function formatLogLine(line: string, colors = false): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (!o || typeof o !== 'object') return line;
  const paint = (code: number, text: string) => (colors ? `\u001b[${code}m${text}\u001b[39m` : text);
  const [label, color] = LEVELS[Number(o.level)] ?? [String(o.level).toUpperCase().padEnd(5), 0];
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 23) : '';
  const fields = Object.entries(o)
    .filter(([k]) => !HEAD.has(k))
    .map(([k, v]) => `${k}=${fieldValue(v)}`)
    .join(' ');
  let text = `${time} ${paint(color, label)} ${typeof o.msg === 'string' ? o.msg : ''}`;
  if (fields) text += ` ${colors ? `\u001b[2m${fields}\u001b[22m` : fields}`;
  const err = o.err as { type?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (err && typeof err === 'object') {
    const detail = typeof err.stack === 'string' ? err.stack : `${String(err.type)}: ${String(err.message)}`;
    text += `\n${detail
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`;
  }
  return `${text}\n`;
}
