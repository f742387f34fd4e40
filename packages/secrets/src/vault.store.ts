import { readFile } from 'node:fs/promises';
import { remotePathOf, scopeOf } from './secret.paths';
import type { SecretStore, StoreLocator } from './secret.store';

export interface VaultStoreOptions {
  /** `https://vault:8200`, no trailing slash. */
  address: string;
  /** Token auth; when absent, `kubernetes` auth logs in with the pod's service-account token. */
  token?: string | undefined;
  namespace?: string | undefined;
  /** Mount path of the KV v2 engine (`secret`). */
  kvMount: string;
  kubernetes?: { role: string; mount: string; tokenPath: string } | null;
  /** Prefix of every path (`k8s-scheduler/`). */
  pathPrefix: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** A failed Vault call. The message names the path and status, never a value or a token. */
export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

type KvRead = { data: Record<string, string>; version: number } | null;

/**
 * HashiCorp Vault (or OpenBao) KV v2. One KV secret per scope (paths in `secret.paths.ts`), the
 * scope's keys being its fields. Writes are read-modify-write with check-and-set on the version
 * read, retried on a CAS conflict, so concurrent writers of one scope never lose each other's keys.
 */
export function createVaultStore(options: VaultStoreOptions): SecretStore {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let token: string | null = options.token ?? null;
  let tokenExpiresAt = Number.POSITIVE_INFINITY;
  let login: Promise<string> | null = null;

  const kubernetesLogin = async (): Promise<string> => {
    const k8s = options.kubernetes;
    if (!k8s) throw new VaultError('Vault: no token and no Kubernetes auth role configured', 0);
    const jwt = (await readFile(k8s.tokenPath, 'utf8')).trim();
    const res = await call('POST', `auth/${k8s.mount}/login`, { role: k8s.role, jwt }, false);
    const body = (await res.json()) as { auth?: { client_token?: string; lease_duration?: number } };
    const clientToken = body.auth?.client_token;
    if (!clientToken)
      throw new VaultError(`Vault: Kubernetes login (role ${k8s.role}) returned no token`, res.status);
    const lease = body.auth?.lease_duration ?? 0;
    // Renew by logging in again a little before the lease ends.
    tokenExpiresAt =
      lease > 0 ? Date.now() + Math.max(lease * 1000 * 0.8, lease * 1000 - 60_000) : Number.POSITIVE_INFINITY;
    token = clientToken;
    return clientToken;
  };

  const currentToken = async (): Promise<string> => {
    if (token && Date.now() < tokenExpiresAt) return token;
    if (options.token) return options.token;
    login ??= kubernetesLogin().finally(() => {
      login = null;
    });
    return login;
  };

  async function call(
    method: string,
    path: string,
    body?: unknown,
    authenticated = true,
    retry = true,
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (authenticated) headers['x-vault-token'] = await currentToken();
    if (options.namespace) headers['x-vault-namespace'] = options.namespace;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(`${options.address}/v1/${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status === 403 && retry && authenticated && options.kubernetes && !options.token) {
      // The login token may have been revoked or expired early: log in once more and retry.
      token = null;
      tokenExpiresAt = 0;
      return call(method, path, body, authenticated, false);
    }
    return res;
  }

  const fail = async (res: Response, what: string): Promise<never> => {
    // Vault error bodies are `{"errors": [...]}` with messages about paths and policies, never values.
    const errors = ((await res.json().catch(() => ({}))) as { errors?: string[] }).errors ?? [];
    throw new VaultError(
      `Vault: ${what} failed with HTTP ${res.status}${errors.length ? `: ${errors.join('; ').slice(0, 200)}` : ''}`,
      res.status,
    );
  };

  const pathOf = (locator: StoreLocator) => remotePathOf(options.pathPrefix, scopeOf(locator));
  const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

  const read = async (path: string): Promise<KvRead> => {
    const res = await call('GET', `${options.kvMount}/data/${encodePath(path)}`);
    if (res.status === 404) return null;
    if (!res.ok) return fail(res, `reading ${path}`);
    const body = (await res.json()) as {
      data?: { data?: Record<string, string> | null; metadata?: { version?: number } };
    };
    // A soft-deleted latest version reads as data: null.
    return { data: body.data?.data ?? {}, version: body.data?.metadata?.version ?? 0 };
  };

  /** Writes the whole document with check-and-set; false on a CAS conflict. */
  const write = async (path: string, data: Record<string, string>, cas: number): Promise<boolean> => {
    const res = await call('POST', `${options.kvMount}/data/${encodePath(path)}`, { options: { cas }, data });
    if (res.ok) return true;
    if (res.status === 400) {
      const errors =
        (
          (await res
            .clone()
            .json()
            .catch(() => ({}))) as { errors?: string[] }
        ).errors ?? [];
      if (errors.some((e) => /check-and-set/i.test(e))) return false;
    }
    return fail(res, `writing ${path}`);
  };

  const update = async (
    locator: StoreLocator,
    change: (data: Record<string, string>) => Record<string, string> | null,
  ) => {
    const path = pathOf(locator);
    for (let attempt = 0; attempt < 8; attempt++) {
      const current = await read(path);
      const next = change({ ...(current?.data ?? {}) });
      if (next === null) return;
      if (Object.keys(next).length === 0 && current) {
        // The scope's last key: remove the secret and every version of it.
        const res = await call('DELETE', `${options.kvMount}/metadata/${encodePath(path)}`);
        if (!res.ok && res.status !== 404) await fail(res, `deleting ${path}`);
        return;
      }
      if (await write(path, next, current?.version ?? 0)) return;
    }
    throw new VaultError(`Vault: writing ${path} kept conflicting with concurrent writers`, 409);
  };

  return {
    kind: 'vault',
    async put(locator, value) {
      await update(locator, (data) => ({ ...data, [locator.key]: value }));
    },
    async get(locator) {
      const doc = await read(pathOf(locator));
      const value = doc?.data[locator.key];
      return typeof value === 'string' ? value : null;
    },
    async delete(locator) {
      await update(locator, (data) => {
        if (!Object.hasOwn(data, locator.key)) return null;
        delete data[locator.key];
        return data;
      });
    },
    async ping() {
      const res = await call('GET', 'sys/health?standbyok=true&perfstandbyok=true', undefined, false);
      if (!res.ok) await fail(res, 'health check');
      // Also proves the credentials work (token lookup needs no extra policy).
      const self = await call('GET', 'auth/token/lookup-self');
      if (!self.ok) await fail(self, 'token lookup');
    },
    async close() {},
  };
}
