import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  envSpec,
  loadConfig,
  productionWarnings,
  unknownVariableWarnings,
  type Mode,
} from './config';

const production = {
  NODE_ENV: 'production',
  SECRETS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
  PUBLIC_URL: 'https://deploy.example.com',
};

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
      PUBLIC_URL: 'https://deploy.example.com',
      DEV_MODE: 'true',
      UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION: 'true',
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
    });
    expect(forced.dev.enabled).toBe(true);
    expect(forced.dev.forcedInProduction).toBe(true);
    // `start` in production does not turn dev mode on by default
    expect(
      loadConfig({ ...production, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' }, 'start').dev.enabled,
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

describe('operator lease timings', () => {
  it("default to today's values and take seconds, fractions included", () => {
    expect(loadConfig({}).operator).toMatchObject({
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
    expect(
      loadConfig({
        OPERATOR_LEASE_DURATION_SECONDS: '4',
        OPERATOR_LEASE_RENEW_DEADLINE_SECONDS: '3',
        OPERATOR_LEASE_RETRY_PERIOD_SECONDS: '0.5',
      }).operator,
    ).toMatchObject({ leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 });
  });

  it('refuses a non-positive value and an order other than retry < renew deadline < duration', () => {
    expect(() => loadConfig({ OPERATOR_LEASE_DURATION_SECONDS: '0' })).toThrowError(
      /^Invalid configuration: OPERATOR_LEASE_DURATION_SECONDS: expected a positive number of seconds/,
    );
    expect(() => loadConfig({ OPERATOR_LEASE_RENEW_DEADLINE_SECONDS: '15' })).toThrowError(
      'Invalid configuration: OPERATOR_LEASE_*: expected retry period < renew deadline < lease duration (got 2s < 15s < 15s)',
    );
    expect(() => loadConfig({ OPERATOR_LEASE_RETRY_PERIOD_SECONDS: '10' })).toThrowError(/OPERATOR_LEASE_\*/);
  });
});

describe('production mode', () => {
  const signIn = { OIDC_ISSUER_URL: 'https://idp.example.com', OIDC_CLIENT_ID: 'ks' };
  const refusal = (env: Record<string, string>, mode: Mode = 'server') => {
    try {
      loadConfig(env, mode);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message.split('\n');
    }
    return [];
  };

  it('starts with a sign-in provider, an https PUBLIC_URL and the secrets key', () => {
    const c = loadConfig({ ...production, ...signIn, DATABASE_URL: 'postgres://u:p@db/ks' }, 'server');
    expect(c.production).toBe(true);
    expect(c.secureCookies).toBe(true);
    expect(loadConfig({ ...production, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 's' }).production).toBe(
      true,
    );
  });

  it('refuses no sign-in provider, in one line naming what to set', () => {
    const lines = refusal(production);
    expect(lines).toEqual([
      'Invalid configuration: GOOGLE_CLIENT_ID/OIDC_ISSUER_URL: no sign-in provider is configured, so nobody could sign in; set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or OIDC_ISSUER_URL and OIDC_CLIENT_ID',
    ]);
    // dev sign-in forced on (unsafe) is a way in, so it is not refused for that
    expect(refusal({ ...production, DEV_MODE: 'true', UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION: 'true' })).toEqual(
      [],
    );
  });

  it.each([
    [{}, /^Invalid configuration: PUBLIC_URL: required when NODE_ENV=production/],
    [
      { PUBLIC_URL: 'http://deploy.example.com' },
      /^Invalid configuration: PUBLIC_URL: must start with https:\/\/ when NODE_ENV=production \(got "http:\/\/deploy.example.com"\)/,
    ],
  ])('refuses PUBLIC_URL unset or not https (%o)', (env, message) => {
    const lines = refusal({
      NODE_ENV: 'production',
      SECRETS_ENCRYPTION_KEY: production.SECRETS_ENCRYPTION_KEY,
      ...signIn,
      ...env,
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('keeps refusing dev mode and the built-in store without its key, every problem on its own line', () => {
    const lines = refusal({ NODE_ENV: 'production', DEV_MODE: 'true' }, 'start');
    expect(lines.map((l) => l.split(':')[1]!.trim())).toEqual([
      'DEV_MODE',
      'SECRETS_ENCRYPTION_KEY',
      'GOOGLE_CLIENT_ID/OIDC_ISSUER_URL',
      'PUBLIC_URL',
    ]);
    expect(lines.every((l) => l.startsWith('Invalid configuration: '))).toBe(true);
  });

  it('does not ask the operator, migrations or the admin command for sign-in or PUBLIC_URL', () => {
    for (const mode of ['operator', 'migrate', 'admin'] as const) {
      expect(
        refusal({ NODE_ENV: 'production', SECRETS_ENCRYPTION_KEY: production.SECRETS_ENCRYPTION_KEY }, mode),
      ).toEqual([]);
    }
    expect(refusal({ NODE_ENV: 'production' }, 'operator')).toEqual([
      expect.stringMatching(/^Invalid configuration: SECRETS_ENCRYPTION_KEY: required in production/),
    ]);
  });

  it('warns loudly about the embedded database and memory sessions in production only', () => {
    const embedded = loadConfig({ ...production, ...signIn }, 'server');
    expect(productionWarnings(embedded)).toEqual([
      expect.stringMatching(/^PRODUCTION WITH THE EMBEDDED DATABASE .*set DATABASE_URL/),
      expect.stringMatching(/^PRODUCTION WITH MEMORY SESSIONS: .*SESSION_BACKEND=postgres/),
    ]);
    const proper = loadConfig(
      { ...production, ...signIn, DATABASE_URL: 'postgres://db/ks', SESSION_BACKEND: 'postgres' },
      'server',
    );
    expect(productionWarnings(proper)).toEqual([]);
    expect(productionWarnings(loadConfig({}, 'start'))).toEqual([]);
  });
});

describe('unknownVariableWarnings', () => {
  it('names a typo of one of our settings with the likely intended name', () => {
    expect(
      unknownVariableWarnings({
        DATABSE_URL: 'postgres://x',
        SESION_BACKEND: 'redis',
        port: '8080',
        OPERATOR_LEASE_SECONDS: '10',
      }),
    ).toEqual([
      'DATABSE_URL is not a k8s-scheduler setting (ignored); did you mean DATABASE_URL?',
      'OPERATOR_LEASE_SECONDS is not a k8s-scheduler setting (ignored); the settings are listed in the README (Configuration)',
      'SESION_BACKEND is not a k8s-scheduler setting (ignored); did you mean SESSION_BACKEND?',
      'port is not a k8s-scheduler setting (ignored); did you mean PORT?',
    ]);
  });

  it('stays quiet about known settings and the usual environment of a shell, a container or a pod', () => {
    expect(
      unknownVariableWarnings({
        DATABASE_URL: 'postgres://x',
        PATH: '/bin',
        PWD: '/',
        HOSTNAME: 'pod-1',
        TERM: 'xterm',
        LANG: 'C.UTF-8',
        SHLVL: '1',
        USER: 'root',
        LOGNAME: 'root',
        NODE_OPTIONS: '--max-old-space-size=192',
        NODE_VERSION: '24',
        KUBERNETES_PORT: 'tcp://10.0.0.1:443',
        KUBERNETES_PORT_443_TCP: 'tcp://10.0.0.1:443',
        KUBERNETES_SERVICE_PORT_HTTPS: '443',
        AWS_PROFILE: 'x',
        AWS_DEFAULT_REGION: 'eu-west-1',
        VAULT_CACERT: '/ca.pem',
        VAULT_SKIP_VERIFY: 'true',
        GOOGLE_APPLICATION_CREDENTIALS: '/k.json',
        npm_lifecycle_event: 'start',
        npm_config_user_agent: 'npm',
        INIT_CWD: '/work',
        COLORTERM: 'truecolor',
        EDITOR: 'vi',
        SSH_AUTH_SOCK: '/tmp/x',
        DISPLAY: ':0',
        TMPDIR: '/tmp',
        VITEST: 'true',
        CI: 'true',
      }),
    ).toEqual([]);
  });
});
