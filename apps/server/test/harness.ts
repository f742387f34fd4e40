import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, type Config, createLogger } from '@k8s-scheduler/config';
import { createPlatform, type Platform } from '../src/platform';
import { createDatabase } from '../../../test/setup/services';

export type DbKind = 'pglite' | 'postgres';

/**
 * A whole platform in-process for API tests: its own database (a fresh PGlite directory, or a fresh
 * database on the run's PostgreSQL), requests through `app.inject`. No cluster unless asked for.
 */
export async function startTestPlatform(
  opts: {
    db?: DbKind;
    env?: Record<string, string>;
    mode?: 'start' | 'server';
    /** Builds the platform (the CLI passes its own, which embeds the operator in `start`). */
    create?: typeof createPlatform;
  } = {},
): Promise<TestPlatform> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ks-test-'));
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    KUBERNETES: 'off',
    DEV_MODE: 'true',
    ...opts.env,
  };
  if (opts.db === 'postgres') {
    env.DATABASE_URL = await createDatabase(inject('postgresUrl'), `t_${randomUUID().replace(/-/g, '')}`);
  }
  const config = loadConfig(env, opts.mode ?? 'server');
  const platform = await (opts.create ?? createPlatform)(config, createLogger(config.logLevel), {
    webDist: null,
  });
  return new TestPlatform(platform, config, dataDir);
}

export class TestPlatform {
  constructor(
    readonly platform: Platform,
    readonly config: Config,
    private readonly dataDir: string,
  ) {}

  get app() {
    return this.platform.app;
  }

  /** Signs in through dev sign-in; returns the cookie header to send. */
  async signIn(email = 'dev@localhost'): Promise<string> {
    const res = await this.app.inject({
      method: 'POST',
      url: '/dev/login',
      headers: { 'x-requested-with': 'k8s-scheduler' },
      payload: { email },
    });
    if (res.statusCode !== 200) throw new Error(`dev sign-in failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'ks_session');
    if (!cookie) throw new Error('no session cookie');
    return `ks_session=${cookie.value}`;
  }

  /**
   * Waits until every change committed so far has reached this platform's authorization cache.
   * API writes do this themselves; call it after changing users, memberships, sessions or API keys
   * with direct SQL and before the next request that should see the change.
   */
  async syncAuthz(): Promise<void> {
    await this.platform.authz.sync();
  }

  async close() {
    await this.platform.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
