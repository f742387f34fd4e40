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
export function createLogger(level: string, name = 'k8s-scheduler'): Logger {
  return pino({
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
  });
}
