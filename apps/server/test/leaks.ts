import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** What a leak test searches: every log line, the response bodies it keeps, and the values it made. */
export interface LeakCapture {
  /** Every line the `logger` wrote. */
  logs: string[];
  /** Response bodies (or more) the suite keeps to search. */
  bodies: string[];
  /** Every value `secret()` made. */
  values: Set<string>;
  /** A trace-level logger to give the platform: everything it logs lands in `logs`. */
  logger: Logger;
  /** A distinctive secret value, `LEAK-<label>-<uuid>`, remembered in `values`. */
  secret(label: string): string;
}

/** Captures what a platform could leak a secret through, for a suite to search afterwards. */
export function captureLeaks(): LeakCapture {
  const logs: string[] = [];
  const values = new Set<string>();
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logs,
    bodies: [],
    values,
    logger: pino({ level: 'trace' }, stream),
    secret(label) {
      const v = `LEAK-${label}-${randomUUID()}`;
      values.add(v);
      return v;
    },
  };
}
