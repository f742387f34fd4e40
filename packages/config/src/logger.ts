import pino, { type Logger } from 'pino';

/**
 * JSON logs with credentials redacted at the source: cookies, authorization headers and anything
 * named like a secret value never reach the output.
 */
export function createLogger(level: string, name = 'k8s-scheduler'): Logger {
  return pino({
    name,
    level,
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
      censor: '[redacted]',
    },
  });
}
