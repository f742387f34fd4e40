import { describe, expect, it } from 'vitest';
import { formatLogLine, resolveLogFormat } from './logger';
import { StartupError, databaseConnectError } from './startup';

const errno = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code });

describe('databaseConnectError', () => {
  it('names the host, port and database and the network error, never the credentials', () => {
    const err = databaseConnectError('postgres://ks:hunter2@db.internal:6543/ks', errno('ECONNREFUSED'));
    expect(err).toBeInstanceOf(StartupError);
    expect(err.message).toBe(
      'cannot reach the database at db.internal:6543/ks (DATABASE_URL): connection refused (nothing listens there) (ECONNREFUSED)',
    );
    expect(err.message).not.toContain('hunter2');
  });

  it('reads the first address of an AggregateError (localhost: IPv6 then IPv4) and the default port', () => {
    const aggregate = new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], '');
    expect(databaseConnectError('postgres://u:p@localhost/ks', aggregate).message).toBe(
      'cannot reach the database at localhost:5432/ks (DATABASE_URL): connection refused (nothing listens there) (ECONNREFUSED)',
    );
  });

  it.each([
    ['ENOTFOUND', 'host name not found (DNS)'],
    ['ETIMEDOUT', 'connection timed out'],
    ['28P01', 'password authentication failed'],
    ['3D000', 'the database does not exist'],
  ])('explains %s', (code, cause) => {
    expect(databaseConnectError('postgres://u:p@pg:5432/x', errno(code)).message).toContain(
      `: ${cause} (${code})`,
    );
  });

  it('keeps the first line of an unknown error (e.g. the pool timeout)', () => {
    const err = new Error('timeout exceeded when trying to connect\n    at somewhere');
    expect(databaseConnectError('postgres://pg/x', err).message).toBe(
      'cannot reach the database at pg:5432/x (DATABASE_URL): timeout exceeded when trying to connect',
    );
  });
});

describe('log format', () => {
  it('is pretty on a terminal and JSON elsewhere unless set', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('formats a pino line as time, level, message and fields, with an error stack below', () => {
    const time = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    const line = JSON.stringify({
      level: 40,
      time,
      pid: 1,
      hostname: 'h',
      name: 'k8s-scheduler',
      msg: 'idle database connection lost',
      url: 'http://127.0.0.1:8081',
      note: 'two words',
      n: 3,
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' },
    });
    expect(formatLogLine(line)).toBe(
      '03:04:05.678 WARN  idle database connection lost url=http://127.0.0.1:8081 note="two words" n=3\n' +
        '    Error: boom\n' +
        '        at x (y.ts:1:1)\n',
    );
    expect(formatLogLine(line, true)).toContain('\u001b[33mWARN \u001b[39m');
    expect(formatLogLine('not json\n')).toBe('not json\n');
  });
});

describe('createLogger pretty', () => {
  it('writes readable lines, with credentials still redacted', async () => {
    const { createLogger } = await import('./logger');
    const lines: string[] = [];
    const logger = createLogger('info', 'k8s-scheduler', 'pretty', { write: (t: string) => lines.push(t) });
    logger.info({ req: { url: '/api/invitations/tok123?x=1', method: 'GET' }, token: 't' }, 'hello');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}hello /);
    expect(lines[0]).not.toContain('tok123');
  });
});
