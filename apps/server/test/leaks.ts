import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { loadConfig } from '@k8s-scheduler/config';
import { createPlatform, type Platform } from '../src/platform';
import type { TestPlatform } from './harness';

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
  /**
   * Starts a platform (no Kubernetes, dev mode, trace logs into `logs`) in a fresh data directory.
   * Only `app`, `platform` and `config` of the TestPlatform answered are set (what the factories use).
   */
  startPlatform(env?: Record<string, string>): Promise<TestPlatform>;
  /** Closes the platforms started and removes their data directories. */
  close(): Promise<void>;
}

/** Captures what a platform could leak a secret through, for a suite to search afterwards. */
export function captureLeaks(): LeakCapture {
  const logs: string[] = [];
  const values = new Set<string>();
  const platforms: Platform[] = [];
  const dirs: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  return {
    logs,
    bodies: [],
    values,
    logger,
    secret(label) {
      const v = `LEAK-${label}-${randomUUID()}`;
      values.add(v);
      return v;
    },
    async startPlatform(env = {}) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-leaks-'));
      dirs.push(dataDir);
      const config = loadConfig(
        {
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          KUBERNETES: 'off',
          DEV_MODE: 'true',
          LOG_LEVEL: 'trace',
          ...env,
        },
        'server',
      );
      const platform = await createPlatform(config, logger, { webDist: null });
      platforms.push(platform);
      return { app: platform.app, platform, config } as unknown as TestPlatform;
    },
    async close() {
      for (const p of platforms) await p.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
