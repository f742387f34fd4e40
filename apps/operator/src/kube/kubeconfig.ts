import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import type { RequestOptions } from 'node:https';
import { parse } from 'yaml';

/**
 * What the operator's HTTP client needs from a kubeconfig. `KubeConfig` of @kubernetes/client-node
 * satisfies it (the server passes its own); `loadKubeconfig` builds one without loading that
 * library, whose generated API costs >100 MiB of memory in a standalone operator.
 */
export type KubeAuth = {
  getCurrentCluster(): { server: string; skipTLSVerify?: boolean } | null;
  applyToHTTPSOptions(opts: RequestOptions): Promise<void>;
};

type NamedEntry<T> = { name: string } & T;
type RawConfig = {
  'current-context'?: string;
  contexts?: Array<NamedEntry<{ context: { cluster: string; user: string } }>>;
  clusters?: Array<
    NamedEntry<{
      cluster: {
        server: string;
        'certificate-authority'?: string;
        'certificate-authority-data'?: string;
        'insecure-skip-tls-verify'?: boolean;
      };
    }>
  >;
  users?: Array<
    NamedEntry<{
      user: {
        'client-certificate'?: string;
        'client-certificate-data'?: string;
        'client-key'?: string;
        'client-key-data'?: string;
        token?: string;
        tokenFile?: string;
      };
    }>
  >;
};

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function fromFileOrData(
  base: string,
  file: string | undefined,
  data: string | undefined,
): Buffer | undefined {
  if (data) return Buffer.from(data, 'base64');
  if (file) return readFileSync(isAbsolute(file) ? file : join(base, file));
  return undefined;
}

/** Loads the current context of a kubeconfig file (client certificates or bearer tokens). */
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
  return {
    getCurrentCluster: () => ({
      server: cluster.server,
      skipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
    }),
    async applyToHTTPSOptions(opts) {
      if (ca) opts.ca = ca;
      if (cert) opts.cert = cert;
      if (key) opts.key = key;
      const token = user.token ?? (tokenFile ? readFileSync(tokenFile, 'utf8').trim() : undefined);
      if (token) opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
    },
  };
}

/** The in-cluster service account (token re-read on every connection setup, as it rotates). */
export function inClusterKubeconfig(host: string, port: string): KubeAuth {
  return {
    getCurrentCluster: () => ({ server: `https://${host.includes(':') ? `[${host}]` : host}:${port}` }),
    async applyToHTTPSOptions(opts) {
      opts.ca = readFileSync(join(SERVICE_ACCOUNT_DIR, 'ca.crt'));
      opts.headers = {
        ...opts.headers,
        Authorization: `Bearer ${readFileSync(join(SERVICE_ACCOUNT_DIR, 'token'), 'utf8').trim()}`,
      };
    },
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
