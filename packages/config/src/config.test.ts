import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSpec, loadConfig } from './config';

describe('loadConfig', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const c = loadConfig({}, 'start');
    expect(c.port).toBe(8081);
    expect(c.database.kind).toBe('pglite');
    expect(c.sessions.backend).toBe('memory');
    expect(c.dev.enabled).toBe(true);
    expect(c.secrets.store).toBe('builtin');
  });

  it('keeps dev sign-in off for `server` unless asked', () => {
    expect(loadConfig({}, 'server').dev.enabled).toBe(false);
    expect(loadConfig({ DEV_MODE: 'true' }, 'server').dev.enabled).toBe(true);
  });

  it.each([
    ['DATABASE_URL', 'nonsense', /^Invalid configuration: DATABASE_URL: expected a PostgreSQL URL/],
    [
      'SESSION_BACKEND',
      'mongo',
      /^Invalid configuration: SESSION_BACKEND: expected memory, postgres or redis/,
    ],
    ['PORT', 'eighty', /^Invalid configuration: PORT: expected a port number/],
    ['DEV_MODE', 'maybe', /^Invalid configuration: DEV_MODE: expected true or false/],
  ])('names %s when it is wrong', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrowError(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrowError(message);
  });

  it('refuses dev mode in production unless forced by the unsafe variable', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        DEV_MODE: 'true',
        SECRETS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      }),
    ).toThrowError(/DEV_MODE/);
    const forced = loadConfig({
      NODE_ENV: 'production',
      DEV_MODE: 'true',
      UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION: 'true',
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(forced.dev.enabled).toBe(true);
    expect(forced.dev.forcedInProduction).toBe(true);
    // `start` in production does not turn dev mode on by default
    expect(
      loadConfig(
        { NODE_ENV: 'production', SECRETS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') },
        'start',
      ).dev.enabled,
    ).toBe(false);
  });

  it('requires REDIS_URL for redis sessions and never echoes secrets', () => {
    expect(() => loadConfig({ SESSION_BACKEND: 'redis' })).toThrowError(/REDIS_URL/);
    try {
      loadConfig({ DATABASE_URL: 'postgres://user:hunter2@' });
    } catch (err) {
      expect(String(err)).not.toContain('hunter2');
    }
  });

  it('reads the operator settings (the operator itself reads no environment)', () => {
    const defaults = loadConfig({}, 'operator').operator;
    expect(defaults).toMatchObject({
      port: 8082,
      concurrency: 32,
      leaderElection: true,
      leaseNamespace: 'kube-system',
      identity: null,
      watchNamespace: null,
      labelSelector: null,
      inCluster: null,
    });
    const set = loadConfig(
      {
        OPERATOR_CONCURRENCY: '8',
        OPERATOR_LEADER_ELECTION: 'false',
        OPERATOR_WATCH_NAMESPACE: 'apps',
        OPERATOR_LABEL_SELECTOR: 'shard=a',
        OPERATOR_EXTERNAL_SECRETS_API_VERSION: 'external-secrets.io/v1beta1',
        KUBERNETES_SERVICE_HOST: '10.96.0.1',
        KUBERNETES_SERVICE_PORT: '443',
      },
      'operator',
    ).operator;
    expect(set).toMatchObject({
      concurrency: 8,
      leaderElection: false,
      watchNamespace: 'apps',
      labelSelector: 'shard=a',
      externalSecretsApiVersion: 'external-secrets.io/v1beta1',
      inCluster: { host: '10.96.0.1', port: '443' },
    });
    expect(() => loadConfig({ OPERATOR_CONCURRENCY: '0' })).toThrowError(
      /^Invalid configuration: OPERATOR_CONCURRENCY: expected a positive integer/,
    );
    expect(() => loadConfig({ OPERATOR_EXTERNAL_SECRETS_API_VERSION: 'v2' })).toThrowError(
      /OPERATOR_EXTERNAL_SECRETS_API_VERSION/,
    );
  });

  it('is documented: the README lists every variable', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const missing = Object.keys(envSpec).filter((k) => k !== 'HOME' && !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
