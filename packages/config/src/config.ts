import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Every variable is validated at start-up; a bad value
 * stops the process with a one-line message naming the variable and what was expected.
 * The README lists every variable with its default (a unit test keeps them in step).
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected a port number')
  .min(0, 'expected a port number between 0 and 65535')
  .max(65535, 'expected a port number between 0 and 65535');

const postgresUrl = z.string().refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
  message: 'expected a PostgreSQL URL such as postgres://user:pass@host:5432/db',
});

const redisUrl = z.string().refine((v) => /^rediss?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
  message: 'expected a Redis URL such as redis://127.0.0.1:6379',
});

const httpUrl = z.string().refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), {
  message: 'expected an http(s) URL',
});

const seconds = z.coerce
  .number({ message: 'expected a number of seconds' })
  .positive('expected a positive number of seconds')
  .max(3600, 'expected at most 3600 seconds');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** Variables, their defaults and a one-line description, in README order. */
export const envSpec = {
  NODE_ENV: {
    schema: z.enum(['development', 'production', 'test']).default('development'),
    doc: 'development | production | test',
  },
  HOST: { schema: z.string().min(1).default('127.0.0.1'), doc: 'Address the HTTP server binds' },
  PORT: { schema: port.default(8081), doc: 'HTTP port of the server (API + UI)' },
  PUBLIC_URL: {
    schema: httpUrl.optional(),
    doc: 'External base URL (OAuth redirects, links in emails); default http://localhost:PORT',
  },
  METRICS_HOST: {
    schema: z.string().min(1).default('127.0.0.1'),
    doc: 'Address the Prometheus /metrics listener binds (kept off the public API port)',
  },
  METRICS_PORT: {
    schema: port.default(9464),
    doc: "Port of the server's /metrics listener on METRICS_HOST; 0 = no metrics listener",
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    doc: 'pino log level',
  },
  LOG_FORMAT: {
    schema: z.enum(['auto', 'json', 'pretty'], { message: 'expected auto, json or pretty' }).default('auto'),
    doc: 'auto: readable lines when stdout is a terminal, JSON otherwise; json; pretty',
  },
  DATA_DIR: {
    schema: z.string().min(1).default('./.data'),
    doc: 'Directory for embedded data (PGlite database, generated keys)',
  },
  DATABASE_URL: {
    schema: postgresUrl.optional(),
    doc: 'PostgreSQL URL; unset = embedded PGlite under DATA_DIR',
  },
  MIGRATE_ON_START: { schema: bool.default(true), doc: 'Run database migrations at start-up' },
  SESSION_BACKEND: {
    schema: z
      .enum(['memory', 'postgres', 'redis'], { message: 'expected memory, postgres or redis' })
      .default('memory'),
    doc: 'Where sessions live: memory | postgres | redis',
  },
  REDIS_URL: { schema: redisUrl.optional(), doc: 'Redis URL (required when SESSION_BACKEND=redis)' },
  SESSION_TTL_HOURS: { schema: z.coerce.number().positive().default(168), doc: 'Session lifetime in hours' },
  DEV_MODE: {
    schema: bool.optional(),
    doc: 'Dev sign-in (/dev/login as dev@localhost). Default: on for `start`, off otherwise; refused in production',
  },
  DEV_LOGIN_EMAIL: {
    schema: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/, 'expected an email address')
      .default('dev@localhost'),
    doc: 'User signed in by dev sign-in',
  },
  PLATFORM_ADMIN_EMAILS: {
    schema: z
      .string()
      .optional()
      .refine(
        (v) =>
          v === undefined ||
          v
            .split(',')
            .map((e) => e.trim())
            .filter((e) => e !== '')
            .every((e) => /^[^@\s]+@[^@\s]+$/.test(e)),
        { message: 'expected comma-separated email addresses' },
      ),
    doc: "Comma-separated emails made platform admin when they sign in with the platform's own providers (Google/OIDC, verified email, no white-label client)",
  },
  UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION: {
    schema: bool.default(false),
    doc: 'Force dev sign-in on with NODE_ENV=production (unsafe)',
  },
  BRAND_NAME: {
    schema: z.string().min(1).default('k8s-scheduler'),
    doc: 'Product name shown in the UI and emails (platform default branding)',
  },
  BRAND_PRIMARY_COLOR: {
    schema: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #4f46e5')
      .default('#4f46e5'),
    doc: 'Primary colour of the default branding',
  },
  BRAND_LOGO_URL: { schema: optionalString, doc: 'Logo URL of the default branding' },
  DEPLOYMENT_DOMAIN: {
    schema: z.string().min(1).default('apps.localhost'),
    doc: 'Apps are served at https://<deployment>.<DEPLOYMENT_DOMAIN>',
  },
  KUBERNETES: {
    schema: z
      .enum(['auto', 'off', 'required'], { message: 'expected auto, off or required' })
      .default('auto'),
    doc: 'auto: local kube-sim cluster, then KUBECONFIG, else none; off; required',
  },
  KUBECONFIG: { schema: optionalString, doc: 'Kubeconfig used when the local cluster is not running' },
  KUBE_SIM_NAME: {
    schema: z.string().default('local'),
    doc: 'Name of the local kube-sim cluster to look for (the variable tools/kube-sim/cluster.sh reads)',
  },
  KUBE_SIM_HOME: {
    schema: optionalString,
    doc: 'Where kube-sim keeps clusters (default ~/.cache/k8s-scheduler/kube-sim/clusters)',
  },
  HOME: { schema: z.string().default('/root'), doc: 'Home directory (locates the kube-sim cache)' },
  INSTALL_CRDS: { schema: bool.default(true), doc: 'Install/upgrade the CRDs at start when permitted' },
  SHARED_NAMESPACE: {
    schema: z.string().default('ks-shared'),
    doc: 'Namespace for free-tier (shared isolation) deployments',
  },
  INGRESS_CLASS: { schema: z.string().default('nginx'), doc: 'Ingress class of app Ingresses' },
  CLUSTER_SECRET_STORE: {
    schema: optionalString,
    doc: 'External Secrets ClusterSecretStore; unset = operator writes Secrets itself',
  },
  SECRET_STORE: {
    schema: z.enum(['builtin', 'vault', 'aws']).default('builtin'),
    doc: 'Secret store: builtin | vault | aws',
  },
  SECRETS_ENCRYPTION_KEY: {
    schema: optionalString,
    doc: 'Base64 32-byte key of the built-in store; generated into DATA_DIR when unset outside production',
  },
  SECRETS_PREVIOUS_KEYS: {
    schema: optionalString,
    doc: 'Comma-separated base64 keys the built-in store still decrypts with after a key rotation',
  },
  SECRETS_PATH_PREFIX: {
    schema: z
      .string()
      .regex(/^([A-Za-z0-9_.-]+\/)*$/, 'expected path segments ending in "/", e.g. k8s-scheduler/')
      .default('k8s-scheduler/'),
    doc: 'Prefix of the Vault paths / AWS secret names (`<prefix>orgs/<org>/…`)',
  },
  VAULT_ADDR: {
    schema: httpUrl.optional(),
    doc: 'Vault (or OpenBao) address, e.g. https://vault:8200 (SECRET_STORE=vault)',
  },
  VAULT_TOKEN: {
    schema: optionalString,
    doc: 'Vault token (token auth); unset = Kubernetes auth with VAULT_K8S_ROLE',
  },
  VAULT_NAMESPACE: { schema: optionalString, doc: 'Vault Enterprise namespace (X-Vault-Namespace)' },
  VAULT_KV_MOUNT: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'expected a mount path such as secret')
      .default('secret'),
    doc: 'Mount path of the KV v2 engine',
  },
  VAULT_K8S_ROLE: {
    schema: optionalString,
    doc: 'Vault role for Kubernetes auth (uses the pod service-account token)',
  },
  VAULT_K8S_AUTH_MOUNT: {
    schema: z.string().default('kubernetes'),
    doc: 'Mount path of the Vault Kubernetes auth method',
  },
  VAULT_K8S_TOKEN_PATH: {
    schema: z.string().default('/var/run/secrets/kubernetes.io/serviceaccount/token'),
    doc: 'Service-account token file presented to Vault Kubernetes auth',
  },
  AWS_REGION: { schema: optionalString, doc: 'AWS region of Secrets Manager (SECRET_STORE=aws)' },
  AWS_ENDPOINT_URL: {
    schema: httpUrl.optional(),
    doc: 'Override of the AWS endpoint (moto / LocalStack in tests)',
  },
  AWS_ACCESS_KEY_ID: {
    schema: optionalString,
    doc: 'AWS access key id; unset = the SDK default credential chain (IRSA, instance role, …)',
  },
  AWS_SECRET_ACCESS_KEY: { schema: optionalString, doc: 'AWS secret access key (with AWS_ACCESS_KEY_ID)' },
  AWS_SECRETS_KMS_KEY_ID: {
    schema: optionalString,
    doc: 'KMS key for new Secrets Manager secrets; unset = the account default key',
  },
  OPERATOR_PORT: { schema: port.default(8082), doc: 'Health/metrics port of the standalone operator' },
  OPERATOR_CONCURRENCY: {
    schema: z.coerce
      .number({ message: 'expected a positive integer' })
      .int('expected a positive integer')
      .positive('expected a positive integer')
      .default(32),
    doc: 'UserDeployments the operator reconciles at the same time (Tenants: a quarter of it)',
  },
  OPERATOR_LEADER_ELECTION: {
    schema: bool.default(true),
    doc: 'Standalone operator: only the holder of a Lease reconciles, so several replicas may run; false = a single replica without a Lease',
  },
  OPERATOR_LEASE_NAMESPACE: {
    schema: z.string().min(1).default('kube-system'),
    doc: 'Namespace of the leader-election Lease `k8s-scheduler-operator`',
  },
  OPERATOR_LEASE_DURATION_SECONDS: {
    schema: seconds.default(15),
    doc: 'Leader election: a Lease not renewed for this long is taken over by a standby replica',
  },
  OPERATOR_LEASE_RENEW_DEADLINE_SECONDS: {
    schema: seconds.default(10),
    doc: 'Leader election: the leader steps down when it could not renew for this long (less than the duration)',
  },
  OPERATOR_LEASE_RETRY_PERIOD_SECONDS: {
    schema: seconds.default(2),
    doc: 'Leader election: how often the leader renews and a standby tries to take over (less than the renew deadline)',
  },
  OPERATOR_IDENTITY: {
    schema: optionalString,
    doc: 'Identity of this replica in the Lease; default <hostname>-<pid>',
  },
  OPERATOR_WATCH_NAMESPACE: {
    schema: optionalString,
    doc: 'Only reconcile the UserDeployments of this namespace; unset = every namespace',
  },
  OPERATOR_LABEL_SELECTOR: {
    schema: optionalString,
    doc: 'Only reconcile the Tenants and UserDeployments matching this label selector (sharding, tests); unset = all',
  },
  OPERATOR_CLUSTER_ISSUER: {
    schema: z.string().min(1).default('letsencrypt'),
    doc: 'cert-manager ClusterIssuer named on app Ingresses for their TLS certificate',
  },
  OPERATOR_INGRESS_NAMESPACE: {
    schema: z.string().min(1).default('ingress-nginx'),
    doc: "Namespace of the ingress controller, let in by the apps' NetworkPolicies",
  },
  OPERATOR_EXTERNAL_SECRETS_API_VERSION: {
    schema: z
      .enum(['external-secrets.io/v1', 'external-secrets.io/v1beta1'], {
        message: 'expected external-secrets.io/v1 or external-secrets.io/v1beta1',
      })
      .default('external-secrets.io/v1'),
    doc: 'API version of the ExternalSecrets written with CLUSTER_SECRET_STORE (v1beta1 for ESO before 0.17)',
  },
  KUBERNETES_SERVICE_HOST: {
    schema: optionalString,
    doc: "Set by Kubernetes in a pod: with no kubeconfig found, the standalone operator uses the pod's service account",
  },
  KUBERNETES_SERVICE_PORT: {
    schema: optionalString,
    doc: 'Set by Kubernetes in a pod (with KUBERNETES_SERVICE_HOST)',
  },
  GOOGLE_CLIENT_ID: { schema: optionalString, doc: 'Google OAuth client id (enables Google sign-in)' },
  GOOGLE_CLIENT_SECRET: { schema: optionalString, doc: 'Google OAuth client secret' },
  OIDC_ISSUER_URL: { schema: httpUrl.optional(), doc: 'Issuer of a generic OpenID Connect provider' },
  OIDC_CLIENT_ID: { schema: optionalString, doc: 'OIDC client id' },
  OIDC_CLIENT_SECRET: { schema: optionalString, doc: 'OIDC client secret' },
  OIDC_NAME: { schema: z.string().default('Single sign-on'), doc: 'Button label of the OIDC provider' },
  SMTP_URL: { schema: optionalString, doc: 'SMTP URL for email (smtp://user:pass@host:587)' },
  SENDGRID_API_KEY: { schema: optionalString, doc: 'SendGrid API key (alternative to SMTP)' },
  SENDGRID_API_BASE: {
    schema: httpUrl.optional(),
    doc: 'Override of the SendGrid API base URL (a local HTTP server in tests)',
  },
  INVITATION_TTL_HOURS: {
    schema: z.coerce.number().positive().default(168),
    doc: 'Lifetime of an invitation link in hours',
  },
  SIGN_IN_RATE_LIMIT: {
    schema: z.coerce.number().int().positive().default(30),
    doc: 'Sign-in attempts (/login, /oauth2/callback, /dev/login) allowed per client IP per minute',
  },
  MAIL_FROM: {
    schema: z.string().default('k8s-scheduler <no-reply@localhost>'),
    doc: 'From address of emails',
  },
} as const;

type Spec = typeof envSpec;
type Env = { [K in keyof Spec]: z.output<Spec[K]['schema']> };

export type Mode = 'start' | 'server' | 'operator' | 'migrate' | 'admin';

export type Config = ReturnType<typeof buildConfig>;

/** Raised for a bad environment: `message` is one line naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const shape = Object.fromEntries(Object.entries(envSpec).map(([k, v]) => [k, v.schema])) as {
  [K in keyof Spec]: Spec[K]['schema'];
};
const envSchema = z.object(shape);

/** Reads and validates this process's environment (the CLI's entry). */
export function loadConfigFromProcess(mode: Mode) {
  return loadConfig(process.env, mode);
}

/** Reads and validates the environment. Throws ConfigError naming the first bad variable(s). */
export function loadConfig(env: Record<string, string | undefined>, mode: Mode = 'server') {
  const picked = Object.fromEntries(Object.keys(envSpec).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const msgs = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      const got = env[name];
      const shown = got === undefined ? '' : ` (got "${redact(name, got)}")`;
      return `${name}: ${i.message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration: ${msgs.join('; ')}`);
  }
  return buildConfig(parsed.data as Env, mode);
}

function redact(name: string, value: string): string {
  if (/SECRET|KEY|PASSWORD|TOKEN/.test(name)) return '***';
  // never echo credentials embedded in a URL
  return value.replace(/\/\/[^@/]*@/, '//***@').slice(0, 80);
}

/** Modes that serve people (sign-in, links): the HTTP server, alone or with the operator. */
const serves = (mode: Mode) => mode === 'start' || mode === 'server';

/**
 * What NODE_ENV=production refuses, one line each (all of them at once, so one restart fixes them):
 * dev sign-in (unless forced by UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION), the built-in secret store
 * without its key, and, for the server, no sign-in provider and a PUBLIC_URL that is not https.
 */
function productionRefusals(e: Env, mode: Mode, devMode: boolean): string[] {
  const out: string[] = [];
  if (e.DEV_MODE === true && !e.UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION) {
    out.push(
      'DEV_MODE: dev sign-in is refused when NODE_ENV=production (set UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION=true to force it)',
    );
  }
  if (e.SECRET_STORE === 'builtin' && !e.SECRETS_ENCRYPTION_KEY) {
    out.push(
      'SECRETS_ENCRYPTION_KEY: required in production with SECRET_STORE=builtin (base64 of 32 random bytes: openssl rand -base64 32)',
    );
  }
  if (!serves(mode)) return out;
  if (!e.GOOGLE_CLIENT_ID && !e.OIDC_ISSUER_URL && !devMode) {
    out.push(
      'GOOGLE_CLIENT_ID/OIDC_ISSUER_URL: no sign-in provider is configured, so nobody could sign in; set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET, or OIDC_ISSUER_URL and OIDC_CLIENT_ID',
    );
  }
  if (!e.PUBLIC_URL) {
    out.push(
      'PUBLIC_URL: required when NODE_ENV=production: the https:// address people reach the platform at (OAuth redirects, links in emails, Secure cookies)',
    );
  } else if (!e.PUBLIC_URL.startsWith('https://')) {
    out.push(
      `PUBLIC_URL: must start with https:// when NODE_ENV=production (got "${redact('PUBLIC_URL', e.PUBLIC_URL)}"); sessions would travel without Secure cookies`,
    );
  }
  return out;
}

/**
 * Loud warnings for a production configuration that runs but should not: the embedded database
 * (one process, on local disk) and memory sessions (lost on restart, not shared by replicas).
 */
export function productionWarnings(config: Config): string[] {
  if (!config.production) return [];
  const out: string[] = [];
  if (config.database.kind === 'pglite' && config.mode !== 'operator') {
    out.push(
      'PRODUCTION WITH THE EMBEDDED DATABASE (PGlite under DATA_DIR): one process only, no replicas, backups are yours; set DATABASE_URL to a PostgreSQL database',
    );
  }
  if (config.sessions.backend === 'memory' && serves(config.mode)) {
    out.push(
      'PRODUCTION WITH MEMORY SESSIONS: every restart signs everybody out and replicas do not share sessions; set SESSION_BACKEND=postgres or SESSION_BACKEND=redis',
    );
  }
  if (config.dev.forcedInProduction) {
    out.push('DEV SIGN-IN FORCED ON IN PRODUCTION (UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION=true)');
  }
  return out;
}

function buildConfig(e: Env, mode: Mode) {
  const production = e.NODE_ENV === 'production';
  const devRequested = e.DEV_MODE ?? mode === 'start';
  const devMode = devRequested && (!production || e.UNSAFE_ALLOW_DEV_MODE_IN_PRODUCTION);
  if (production) {
    const refused = productionRefusals(e, mode, devMode);
    if (refused.length) throw new ConfigError(refused.map((r) => `Invalid configuration: ${r}`).join('\n'));
  }
  if (e.SESSION_BACKEND === 'redis' && !e.REDIS_URL) {
    throw new ConfigError('Invalid configuration: REDIS_URL: required when SESSION_BACKEND=redis');
  }
  if (e.SESSION_BACKEND === 'postgres' && !e.DATABASE_URL) {
    // PGlite is single-process; sessions in the same database still work, so allow it.
  }
  if (e.SECRETS_ENCRYPTION_KEY && Buffer.from(e.SECRETS_ENCRYPTION_KEY, 'base64').length !== 32) {
    throw new ConfigError(
      'Invalid configuration: SECRETS_ENCRYPTION_KEY: expected base64 of exactly 32 bytes',
    );
  }
  const previousKeys = (e.SECRETS_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (previousKeys.some((k) => Buffer.from(k, 'base64').length !== 32)) {
    throw new ConfigError(
      'Invalid configuration: SECRETS_PREVIOUS_KEYS: expected comma-separated base64 keys of exactly 32 bytes',
    );
  }
  if (e.SECRET_STORE === 'vault' && !e.VAULT_ADDR) {
    throw new ConfigError('Invalid configuration: VAULT_ADDR: required when SECRET_STORE=vault');
  }
  if (e.SECRET_STORE === 'vault' && !e.VAULT_TOKEN && !e.VAULT_K8S_ROLE) {
    throw new ConfigError(
      'Invalid configuration: VAULT_TOKEN: set VAULT_TOKEN (token auth) or VAULT_K8S_ROLE (Kubernetes auth) when SECRET_STORE=vault',
    );
  }
  if (e.SECRET_STORE === 'aws' && !e.AWS_REGION) {
    throw new ConfigError('Invalid configuration: AWS_REGION: required when SECRET_STORE=aws');
  }
  if (Boolean(e.AWS_ACCESS_KEY_ID) !== Boolean(e.AWS_SECRET_ACCESS_KEY)) {
    throw new ConfigError(
      'Invalid configuration: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY: set both or neither',
    );
  }
  if ((e.GOOGLE_CLIENT_ID && !e.GOOGLE_CLIENT_SECRET) || (!e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET)) {
    throw new ConfigError(
      'Invalid configuration: GOOGLE_CLIENT_ID/GOOGLE_CLIENT_SECRET: set both or neither',
    );
  }
  if (e.OIDC_ISSUER_URL && !e.OIDC_CLIENT_ID) {
    throw new ConfigError('Invalid configuration: OIDC_CLIENT_ID: required when OIDC_ISSUER_URL is set');
  }
  if (
    !(e.OPERATOR_LEASE_RETRY_PERIOD_SECONDS < e.OPERATOR_LEASE_RENEW_DEADLINE_SECONDS) ||
    !(e.OPERATOR_LEASE_RENEW_DEADLINE_SECONDS < e.OPERATOR_LEASE_DURATION_SECONDS)
  ) {
    throw new ConfigError(
      `Invalid configuration: OPERATOR_LEASE_*: expected retry period < renew deadline < lease duration (got ${e.OPERATOR_LEASE_RETRY_PERIOD_SECONDS}s < ${e.OPERATOR_LEASE_RENEW_DEADLINE_SECONDS}s < ${e.OPERATOR_LEASE_DURATION_SECONDS}s)`,
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    mode,
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    /** Prometheus /metrics on its own listener, never on the API port; null = not served. */
    metrics: e.METRICS_PORT === 0 ? null : { host: e.METRICS_HOST, port: e.METRICS_PORT },
    /** Cookies are Secure unless the platform is served over plain http (local development). */
    secureCookies: publicUrl.startsWith('https://'),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    dataDir,
    database: e.DATABASE_URL
      ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
      : ({ kind: 'pglite', dir: path.join(dataDir, 'pglite') } as const),
    migrateOnStart: e.MIGRATE_ON_START,
    sessions: {
      backend: e.SESSION_BACKEND,
      redisUrl: e.REDIS_URL,
      ttlSeconds: Math.round(e.SESSION_TTL_HOURS * 3600),
    },
    /** Lower-cased emails granted platform admin at sign-in (platform providers, direct users only). */
    platformAdminEmails: (e.PLATFORM_ADMIN_EMAILS ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter((v) => v !== ''),
    dev: { enabled: devMode, email: e.DEV_LOGIN_EMAIL, forcedInProduction: production && devMode },
    branding: { name: e.BRAND_NAME, primaryColor: e.BRAND_PRIMARY_COLOR, logoUrl: e.BRAND_LOGO_URL ?? null },
    deploymentDomain: e.DEPLOYMENT_DOMAIN,
    kubernetes: {
      mode: e.KUBERNETES,
      kubeconfig: e.KUBECONFIG,
      localClusterName: e.KUBE_SIM_NAME,
      localClustersDir: e.KUBE_SIM_HOME ?? path.join(e.HOME, '.cache/k8s-scheduler/kube-sim/clusters'),
      installCrds: e.INSTALL_CRDS,
      sharedNamespace: e.SHARED_NAMESPACE,
      ingressClass: e.INGRESS_CLASS,
      clusterSecretStore: e.CLUSTER_SECRET_STORE ?? null,
    },
    secrets: {
      store: e.SECRET_STORE,
      encryptionKey: e.SECRETS_ENCRYPTION_KEY,
      previousKeys,
      pathPrefix: e.SECRETS_PATH_PREFIX,
      vault: e.VAULT_ADDR
        ? {
            address: e.VAULT_ADDR.replace(/\/$/, ''),
            token: e.VAULT_TOKEN,
            namespace: e.VAULT_NAMESPACE,
            kvMount: e.VAULT_KV_MOUNT,
            kubernetes: e.VAULT_K8S_ROLE
              ? { role: e.VAULT_K8S_ROLE, mount: e.VAULT_K8S_AUTH_MOUNT, tokenPath: e.VAULT_K8S_TOKEN_PATH }
              : null,
          }
        : null,
      aws: e.AWS_REGION
        ? {
            region: e.AWS_REGION,
            endpoint: e.AWS_ENDPOINT_URL,
            credentials: e.AWS_ACCESS_KEY_ID
              ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY ?? '' }
              : undefined,
            kmsKeyId: e.AWS_SECRETS_KMS_KEY_ID,
          }
        : null,
    },
    operator: {
      port: e.OPERATOR_PORT,
      concurrency: e.OPERATOR_CONCURRENCY,
      leaderElection: e.OPERATOR_LEADER_ELECTION,
      leaseNamespace: e.OPERATOR_LEASE_NAMESPACE,
      leaseDurationMs: Math.round(e.OPERATOR_LEASE_DURATION_SECONDS * 1000),
      renewDeadlineMs: Math.round(e.OPERATOR_LEASE_RENEW_DEADLINE_SECONDS * 1000),
      retryPeriodMs: Math.round(e.OPERATOR_LEASE_RETRY_PERIOD_SECONDS * 1000),
      identity: e.OPERATOR_IDENTITY ?? null,
      watchNamespace: e.OPERATOR_WATCH_NAMESPACE ?? null,
      labelSelector: e.OPERATOR_LABEL_SELECTOR ?? null,
      clusterIssuer: e.OPERATOR_CLUSTER_ISSUER,
      ingressControllerNamespace: e.OPERATOR_INGRESS_NAMESPACE,
      externalSecretsApiVersion: e.OPERATOR_EXTERNAL_SECRETS_API_VERSION,
      inCluster:
        e.KUBERNETES_SERVICE_HOST && e.KUBERNETES_SERVICE_PORT
          ? { host: e.KUBERNETES_SERVICE_HOST, port: e.KUBERNETES_SERVICE_PORT }
          : null,
    },
    auth: {
      google: e.GOOGLE_CLIENT_ID
        ? { clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET ?? '' }
        : null,
      oidc: e.OIDC_ISSUER_URL
        ? {
            issuer: e.OIDC_ISSUER_URL,
            clientId: e.OIDC_CLIENT_ID ?? '',
            clientSecret: e.OIDC_CLIENT_SECRET,
            name: e.OIDC_NAME,
          }
        : null,
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      sendgridApiKey: e.SENDGRID_API_KEY,
      sendgridApiBase: e.SENDGRID_API_BASE,
      from: e.MAIL_FROM,
    },
    invitations: { ttlSeconds: Math.round(e.INVITATION_TTL_HOURS * 3600) },
    signInRateLimit: e.SIGN_IN_RATE_LIMIT,
    version: '0.1.0',
  };
}

/** Prefixes only this platform's settings use: an unknown name under one is a typo of ours. */
const OUR_PREFIXES = [
  'BRAND_',
  'DEV_',
  'KUBE_SIM_',
  'METRICS_',
  'MIGRATE_',
  'OIDC_',
  'OPERATOR_',
  'PLATFORM_',
  'SECRETS_',
  'SESSION_',
  'SIGN_IN_',
  'UNSAFE_',
];

/** Levenshtein distance, stopping early once it exceeds `max`. */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      best = Math.min(best, row[j]!);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Environment variables that look like ours but are not (a typo is otherwise silently ignored and
 * the default used): a known name in another case, a name within a small edit distance of a known
 * one, or an unknown name under one of our own prefixes. One line each, with the likely intended
 * name; values are never shown.
 */
export function unknownVariableWarnings(env: Record<string, string | undefined> = process.env): string[] {
  const known = Object.keys(envSpec);
  const knownSet = new Set(known);
  const out: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (knownSet.has(name) || env[name] === undefined) continue;
    const upper = name.toUpperCase();
    let suggestion: string | undefined;
    if (knownSet.has(upper)) suggestion = upper;
    else if (upper.length >= 4) {
      let bestDistance = Infinity;
      for (const k of known) {
        const max = k.length >= 8 ? 2 : 1;
        const d = editDistance(upper, k, max);
        if (d <= max && d < bestDistance) {
          bestDistance = d;
          suggestion = k;
        }
      }
    }
    if (suggestion) {
      out.push(`${name} is not a k8s-scheduler setting (ignored); did you mean ${suggestion}?`);
    } else if (OUR_PREFIXES.some((p) => upper.startsWith(p))) {
      out.push(
        `${name} is not a k8s-scheduler setting (ignored); the settings are listed in the README (Configuration)`,
      );
    }
  }
  return out;
}
