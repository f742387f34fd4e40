import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';

/** Field manager of every server-side apply the platform's server makes. */
export const SERVER_FIELD_MANAGER = 'k8s-scheduler-server';

export interface KubeObjectRef {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** An error answer of the API server (status code and the Status message), or a transport failure (status 0). */
export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

const PLURALS: Record<string, { plural: string; namespaced: boolean }> = {
  Tenant: { plural: 'tenants', namespaced: false },
  UserDeployment: { plural: 'userdeployments', namespaced: true },
  Namespace: { plural: 'namespaces', namespaced: false },
  CustomResourceDefinition: { plural: 'customresourcedefinitions', namespaced: false },
};

/** REST path of a collection (no name) or one object of the kinds the server writes. */
export function objectPath(apiVersion: string, kind: string, namespace?: string, name?: string): string {
  const info = PLURALS[kind];
  if (!info) throw new Error(`the server does not write ${kind} objects`);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export interface KubeHttp {
  /** Server-side apply with the server's field manager (force: the server owns these objects). */
  apply<T extends KubeObjectRef>(obj: T): Promise<T>;
  /** Deletes; false when it was already gone. */
  delete(ref: KubeObjectRef): Promise<boolean>;
  get<T>(path: string): Promise<T | null>;
  /** Streams a watch; resolves when the server ends it. */
  watch(path: string, onLine: (event: unknown) => void, signal: AbortSignal): Promise<void>;
  close(): void;
}

/** A small HTTPS client over one KubeConfig with a pooled keep-alive agent. */
export async function createKubeHttp(kc: KubeConfig, timeoutMs = 15_000): Promise<KubeHttp> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const server = new URL(cluster.server);
  const agent = new Agent({
    keepAlive: true,
    maxSockets: 32,
    ca: opts.ca,
    cert: opts.cert,
    key: opts.key,
    rejectUnauthorized: !cluster.skipTLSVerify,
  });
  const baseHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) baseHeaders[k] = String(v);

  const send = (
    method: string,
    path: string,
    body?: { type: string; data: unknown },
    signal?: AbortSignal,
    stream = false,
  ) =>
    new Promise<{ status: number; text: string; res?: IncomingMessage }>((resolve, reject) => {
      const payload = body ? JSON.stringify(body.data) : undefined;
      const req = httpsRequest(
        {
          agent,
          host: server.hostname,
          port: server.port || 443,
          method,
          path,
          headers: {
            ...baseHeaders,
            accept: 'application/json',
            ...(body
              ? { 'content-type': body.type, 'content-length': Buffer.byteLength(payload ?? '') }
              : {}),
          },
          timeout: stream ? 0 : timeoutMs,
          ...(signal ? { signal } : {}),
        },
        (res) => {
          if (stream && res.statusCode === 200) return resolve({ status: 200, text: '', res });
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new KubeHttpError(0, `no answer from ${server.host} within ${timeoutMs} ms`)),
      );
      req.on('error', (err) =>
        reject(
          err instanceof KubeHttpError
            ? err
            : new KubeHttpError(0, `${server.host} unreachable: ${err.message}`),
        ),
      );
      req.end(payload);
    });

  const fail = (status: number, text: string): KubeHttpError => {
    try {
      const s = JSON.parse(text) as { message?: string; reason?: string };
      return new KubeHttpError(status, s.message ?? text, s.reason);
    } catch {
      return new KubeHttpError(status, text || `HTTP ${status}`);
    }
  };

  return {
    async apply(obj) {
      const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
      const r = await send('PATCH', `${path}?fieldManager=${SERVER_FIELD_MANAGER}&force=true`, {
        type: 'application/apply-patch+yaml',
        data: obj,
      });
      if (r.status >= 300) throw fail(r.status, r.text);
      return JSON.parse(r.text) as typeof obj;
    },
    async delete(ref) {
      const path = objectPath(ref.apiVersion, ref.kind, ref.metadata.namespace, ref.metadata.name);
      const r = await send('DELETE', path, {
        type: 'application/json',
        data: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
      });
      if (r.status === 404) return false;
      if (r.status >= 300) throw fail(r.status, r.text);
      return true;
    },
    async get(path) {
      const r = await send('GET', path);
      if (r.status === 404) return null;
      if (r.status >= 300) throw fail(r.status, r.text);
      return JSON.parse(r.text);
    },
    async watch(path, onLine, signal) {
      const r = await send('GET', path, undefined, signal, true);
      if (!r.res) throw fail(r.status, r.text);
      const res = r.res;
      res.setEncoding('utf8');
      let buffered = '';
      for await (const chunk of res as AsyncIterable<string>) {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line) onLine(JSON.parse(line));
          nl = buffered.indexOf('\n');
        }
      }
    },
    close() {
      agent.destroy();
    },
  };
}
