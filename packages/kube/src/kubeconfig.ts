import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { RequestOptions } from 'node:https';
import { parse } from 'yaml';

/**
 * What the HTTP client needs from a kubeconfig. `KubeConfig` of @kubernetes/client-node satisfies it
 * (tests pass their own); `loadKubeconfig` builds one without loading that library, whose generated
 * API costs >100 MiB of memory. `authorization`, when present, is asked before every request, so a
 * token that rotates (service account, exec plugin, auth provider) is picked up without reconnecting.
 */
export type KubeAuth = {
  getCurrentCluster(): { server: string; skipTLSVerify?: boolean } | null;
  applyToHTTPSOptions(opts: RequestOptions): Promise<void>;
  authorization?(): Promise<string | undefined>;
};

type NamedEntry<T> = { name: string } & T;
type ExecConfig = {
  apiVersion?: string;
  command: string;
  args?: string[];
  env?: Array<{ name: string; value: string }> | null;
  provideClusterInfo?: boolean;
};
type AuthProvider = { name: string; config?: Record<string, string> };
type RawUser = {
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  token?: string;
  tokenFile?: string;
  exec?: ExecConfig;
  'auth-provider'?: AuthProvider;
};
type RawCluster = {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
};
type RawConfig = {
  'current-context'?: string;
  contexts?: Array<NamedEntry<{ context: { cluster: string; user: string } }>>;
  clusters?: Array<NamedEntry<{ cluster: RawCluster }>>;
  users?: Array<NamedEntry<{ user: RawUser }>>;
};

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** A credential is renewed this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

function fromFileOrData(
  base: string,
  file: string | undefined,
  data: string | undefined,
): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readFileSync(isAbsolute(file) ? file : join(base, file));
  return undefined;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err)
        reject(new Error(`credential command ${command} failed: ${String(stderr).trim() || err.message}`));
      else resolve(String(stdout));
    });
  });
}

type Credential = { token?: string; cert?: string; key?: string; expiresAt: number };

/** A credential that is fetched on first use and again once it is (nearly) expired. */
function cachedCredential(fetch: () => Promise<Credential>): () => Promise<Credential> {
  let current: Promise<Credential> | undefined;
  let expiresAt = 0;
  return () => {
    if (!current || Date.now() > expiresAt - EXPIRY_MARGIN_MS) {
      current = fetch().then(
        (c) => ((expiresAt = c.expiresAt), c),
        (err: unknown) => {
          current = undefined;
          throw err;
        },
      );
      expiresAt = Number.POSITIVE_INFINITY;
    }
    return current;
  };
}

/**
 * A `users[].user.exec` credential plugin (client.authentication.k8s.io ExecCredential): the command
 * (relative to the kubeconfig when it names a path) prints `{"status": {"token" | "clientCertificateData"
 * + "clientKeyData", "expirationTimestamp"?}}`; it is run again once the credential expires.
 */
function execCredential(base: string, exec: ExecConfig, cluster: RawCluster): () => Promise<Credential> {
  const command =
    exec.command.includes('/') && !isAbsolute(exec.command) ? join(base, exec.command) : exec.command;
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  return cachedCredential(async () => {
    // The plugin runs with the parent's environment plus the kubeconfig's variables, as kubectl's do.
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const { name, value } of exec.env ?? []) env[name] = value;
    env.KUBERNETES_EXEC_INFO = JSON.stringify({
      apiVersion,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        ...(exec.provideClusterInfo
          ? {
              cluster: {
                server: cluster.server,
                'certificate-authority-data': cluster['certificate-authority-data'],
                'insecure-skip-tls-verify': cluster['insecure-skip-tls-verify'],
              },
            }
          : {}),
      },
    });
    const out = await run(command, exec.args ?? [], env);
    let status: {
      token?: string;
      clientCertificateData?: string;
      clientKeyData?: string;
      expirationTimestamp?: string;
    };
    try {
      status = (JSON.parse(out) as { status?: typeof status }).status ?? {};
    } catch {
      throw new Error(`credential command ${exec.command} printed no ExecCredential JSON`);
    }
    if (!status.token && !(status.clientCertificateData && status.clientKeyData))
      throw new Error(`credential command ${exec.command} returned neither a token nor a client certificate`);
    return {
      ...(status.token ? { token: status.token } : {}),
      ...(status.clientCertificateData ? { cert: status.clientCertificateData } : {}),
      ...(status.clientKeyData ? { key: status.clientKeyData } : {}),
      expiresAt: status.expirationTimestamp
        ? Date.parse(status.expirationTimestamp)
        : Number.POSITIVE_INFINITY,
    };
  });
}

/** `{.a.b}` (the jsonpath subset kubeconfig auth providers use) applied to a parsed document. */
function jsonPath(doc: unknown, path: string): unknown {
  const keys = path
    .replace(/^\{\.?|\}$/g, '')
    .split('.')
    .filter(Boolean);
  let value = doc;
  for (const key of keys) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/**
 * A `users[].user.auth-provider` (the pre-exec style of gcp/azure/oidc kubeconfigs): `oidc` sends its
 * `id-token`; the others their `access-token` while `expiry` is ahead, else run `cmd-path cmd-args`
 * and read the token at `token-key` (and the expiry at `expiry-key`) from its JSON output.
 */
function authProviderCredential(provider: AuthProvider): () => Promise<Credential> {
  const config = provider.config ?? {};
  return cachedCredential(async () => {
    if (provider.name === 'oidc') {
      if (!config['id-token']) throw new Error('auth-provider oidc has no id-token');
      return { token: config['id-token'], expiresAt: Number.POSITIVE_INFINITY };
    }
    const expiry = config.expiry ? Date.parse(config.expiry) : Number.NaN;
    if (
      config['access-token'] &&
      (!config['cmd-path'] || Number.isNaN(expiry) || expiry - EXPIRY_MARGIN_MS > Date.now())
    )
      return {
        token: config['access-token'],
        expiresAt: Number.isNaN(expiry) ? Number.POSITIVE_INFINITY : expiry,
      };
    const cmd = config['cmd-path'];
    if (!cmd)
      throw new Error(`auth-provider ${provider.name} has neither a valid access-token nor a cmd-path`);
    const args = config['cmd-args'] ? config['cmd-args'].split(/\s+/).filter(Boolean) : [];
    const out = JSON.parse(await run(cmd, args, process.env)) as unknown;
    const token = jsonPath(out, config['token-key'] ?? '{.access_token}');
    if (typeof token !== 'string' || !token)
      throw new Error(`auth-provider ${provider.name}: no token in the output of ${cmd}`);
    const next = jsonPath(out, config['expiry-key'] ?? '{.token_expiry}');
    return { token, expiresAt: typeof next === 'string' ? Date.parse(next) : Number.POSITIVE_INFINITY };
  });
}

/**
 * Loads the current context of a kubeconfig file: client certificates, bearer tokens (inline or
 * `tokenFile`), exec credential plugins and auth providers.
 */
export function loadKubeconfig(path: string): KubeAuth {
  const raw = parse(readFileSync(path, 'utf8')) as RawConfig;
  const base = dirname(path);
  const context =
    raw.contexts?.find((c) => c.name === raw['current-context'])?.context ?? raw.contexts?.[0]?.context;
  if (!context) throw new Error(`kubeconfig ${path} has no context`);
  const cluster = raw.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster) throw new Error(`kubeconfig ${path}: cluster ${context.cluster} not found`);
  const user = raw.users?.find((u) => u.name === context.user)?.user ?? {};
  const ca = fromFileOrData(base, cluster['certificate-authority'], cluster['certificate-authority-data']);
  const cert = fromFileOrData(base, user['client-certificate'], user['client-certificate-data']);
  const key = fromFileOrData(base, user['client-key'], user['client-key-data']);
  const tokenFile = user.tokenFile;
  const plugin = user.exec
    ? execCredential(base, user.exec, cluster)
    : user['auth-provider']
      ? authProviderCredential(user['auth-provider'])
      : undefined;
  const authorization = async (): Promise<string | undefined> => {
    const token =
      user.token ??
      (tokenFile ? readFileSync(tokenFile, 'utf8').trim() : undefined) ??
      (plugin ? (await plugin()).token : undefined);
    return token ? `Bearer ${token}` : undefined;
  };
  return {
    getCurrentCluster: () => ({
      server: cluster.server,
      skipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    }),
    async applyToHTTPSOptions(opts) {
      if (ca) opts.ca = ca;
      if (cert) opts.cert = cert;
      if (key) opts.key = key;
      const credential = plugin ? await plugin() : undefined;
      if (credential?.cert && credential.key) {
        opts.cert = credential.cert;
        opts.key = credential.key;
      }
      const header = await authorization();
      if (header) opts.headers = { ...opts.headers, Authorization: header };
    },
    ...(tokenFile || plugin ? { authorization } : {}),
  };
}

/** The in-cluster service account (its token is re-read for every request, as it rotates). */
export function inClusterKubeconfig(host: string, port: string): KubeAuth {
  const authorization = async () =>
    `Bearer ${readFileSync(join(SERVICE_ACCOUNT_DIR, 'token'), 'utf8').trim()}`;
  return {
    getCurrentCluster: () => ({ server: `https://${host.includes(':') ? `[${host}]` : host}:${port}` }),
    async applyToHTTPSOptions(opts) {
      opts.ca = readFileSync(join(SERVICE_ACCOUNT_DIR, 'ca.crt'));
      opts.headers = { ...opts.headers, Authorization: await authorization() };
    },
    authorization,
  };
}

/** `$KUBECONFIG`-style default: the given path, else in-cluster, else ~/.kube/config. */
export function defaultKubeconfig(options: {
  path?: string;
  serviceHost?: string;
  servicePort?: string;
}): KubeAuth {
  if (options.path) return loadKubeconfig(options.path);
  if (options.serviceHost && options.servicePort && existsSync(join(SERVICE_ACCOUNT_DIR, 'token'))) {
    return inClusterKubeconfig(options.serviceHost, options.servicePort);
  }
  return loadKubeconfig(join(homedir(), '.kube', 'config'));
}
