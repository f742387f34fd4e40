import type { RequestOptions } from 'node:https';
import { Agent, fetch } from 'undici';
import type { KubeAuth } from './kubeconfig';
import { resourcePath, type ResourceType } from './resources';

/** The minimal shape shared by every Kubernetes object. resourceVersion is opaque. */
export type ObjectMeta = {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  deletionTimestamp?: string;
  ownerReferences?: Array<Record<string, unknown>>;
  managedFields?: unknown[];
  creationTimestamp?: string;
};

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export type WatchEvent = { type: WatchEventType; object: KubeObject };

export type ListResult = { items: KubeObject[]; resourceVersion: string };

export type ListOptions = {
  namespace?: string;
  labelSelector?: string;
  limit?: number;
  /**
   * Applied to each item as its page arrives (e.g. an informer's slimming): a relist of thousands of
   * objects then never holds them all in full (managedFields and all) at once.
   */
  transform?: (obj: KubeObject) => KubeObject;
};
export type WatchOptions = ListOptions & {
  resourceVersion: string;
  timeoutSeconds?: number;
};

/** An error answered by the API server (or the transport), with the HTTP status when there is one. */
export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | undefined,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof KubeApiError && error.status === status;
}

export type KubeClient = {
  list(type: ResourceType, options?: ListOptions): Promise<ListResult>;
  /** Streams watch events until the server closes the stream (resolves) or it fails (rejects). */
  watch(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void>;
  get(type: ResourceType, name: string, namespace?: string): Promise<KubeObject | null>;
  /** Server-side apply (`application/apply-patch+yaml`); `subresource: 'status'` applies the status. */
  apply(
    obj: KubeObject,
    options: { fieldManager: string; force: boolean; subresource?: 'status' },
  ): Promise<KubeObject>;
  mergePatch(
    type: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    subresource?: 'status',
  ): Promise<KubeObject>;
  create(obj: KubeObject): Promise<KubeObject>;
  replace(obj: KubeObject): Promise<KubeObject>;
  /** Deletes; answers false when the object was already gone. */
  delete(
    type: ResourceType,
    name: string,
    namespace?: string,
    propagationPolicy?: 'Background' | 'Foreground' | 'Orphan',
  ): Promise<boolean>;
  /** `GET /version`: the server's gitVersion (a reachability and credentials check). */
  version(timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
};

export type KubeClientOptions = {
  /** Called after every request with its verb; lets the operator count writes. */
  onRequest?: (
    verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete',
    type: ResourceType,
  ) => void;
  requestTimeoutMs?: number;
};

type Auth = { server: string; headers: Record<string, string>; dispatcher: Agent };

/** A request that got no answer (refused, reset, timed out) becomes a KubeApiError with status 0. */
function transportError(server: string, error: unknown): unknown {
  if (error instanceof KubeApiError) return error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return new KubeApiError(`no answer from ${new URL(server).host}: ${error.message}`, 0, undefined);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  const message = cause ?? (error instanceof Error ? error.message : String(error));
  return new KubeApiError(`${new URL(server).host} unreachable: ${message}`, 0, undefined);
}

/**
 * A small HTTP client for the Kubernetes API built from one KubeConfig. It keeps one pooled
 * undici Agent (client-node 2.x creates a new agent per request, which costs a TLS handshake
 * every time) and speaks JSON, watch streams and server-side apply directly.
 */
export function createKubeClient(kubeConfig: KubeAuth, options: KubeClientOptions = {}): KubeClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  let authPromise: Promise<Auth> | undefined;

  const auth = (): Promise<Auth> => {
    authPromise ??= (async () => {
      const cluster = kubeConfig.getCurrentCluster();
      if (!cluster) throw new Error('kubeconfig has no current cluster');
      const https: RequestOptions = {};
      await kubeConfig.applyToHTTPSOptions(https);
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(https.headers ?? {})) {
        if (value !== undefined) headers[key] = String(value);
      }
      const dispatcher = new Agent({
        // HTTP/1.1 on a pool of keep-alive connections. undici 8 negotiates HTTP/2 by default, which
        // puts every watch and every request on ONE connection: the API server then encrypts and
        // writes all our responses from one goroutine, and a 1,000-deployment reconcile crawled
        // (a few deployments a second). Separate connections spread that work; watches hold one each.
        allowH2: false,
        connections: 64,
        keepAliveTimeout: 30_000,
        connect: {
          ca: https.ca as string | Buffer | undefined,
          cert: https.cert as string | Buffer | undefined,
          key: https.key as string | Buffer | undefined,
          ...(cluster.skipTLSVerify ? { rejectUnauthorized: false } : {}),
        },
      });
      return { server: cluster.server.replace(/\/$/, ''), headers, dispatcher };
    })();
    // A failed set-up (e.g. a credential plugin that failed) is tried again by the next request.
    authPromise.catch(() => (authPromise = undefined));
    return authPromise;
  };

  const url = (
    server: string,
    path: string,
    query: Record<string, string | number | boolean | undefined>,
  ): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const qs = params.toString();
    return `${server}${path}${qs ? `?${qs}` : ''}`;
  };

  /** The auth headers of one request: the client's, with a fresh token when the auth rotates one. */
  const headersOf = async (base: Record<string, string>): Promise<Record<string, string>> => {
    const authorization = await kubeConfig.authorization?.();
    return authorization ? { ...base, Authorization: authorization } : base;
  };

  const request = async (
    verb: Parameters<NonNullable<KubeClientOptions['onRequest']>>[0],
    type: ResourceType,
    method: string,
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    body?: { contentType: string; data: unknown },
  ): Promise<unknown> => {
    const { server, headers, dispatcher } = await auth();
    options.onRequest?.(verb, type);
    let status: number;
    let ok: boolean;
    let text: string;
    try {
      const response = await fetch(url(server, path, query), {
        method,
        dispatcher,
        headers: {
          ...(await headersOf(headers)),
          accept: 'application/json',
          ...(body ? { 'content-type': body.contentType } : {}),
        },
        body: body ? JSON.stringify(body.data) : undefined,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      ({ status, ok } = response);
      text = await response.text();
    } catch (error) {
      throw transportError(server, error);
    }
    if (!ok) throw toApiError(status, text);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };

  return {
    async list(type, opts = {}) {
      const items: KubeObject[] = [];
      let resourceVersion = '';
      let continueToken: string | undefined;
      do {
        const page = (await request('list', type, 'GET', resourcePath(type, opts.namespace), {
          labelSelector: opts.labelSelector,
          limit: opts.limit ?? 500,
          continue: continueToken,
        })) as { items?: KubeObject[]; metadata?: { resourceVersion?: string; continue?: string } };
        for (const item of page.items ?? []) {
          const typed = { ...item, apiVersion: type.apiVersion, kind: type.kind };
          items.push(opts.transform ? opts.transform(typed) : typed);
        }
        resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        continueToken = page.metadata?.continue || undefined;
      } while (continueToken);
      return { items, resourceVersion };
    },

    async watch(type, opts, onEvent, signal) {
      const { server, headers, dispatcher } = await auth();
      options.onRequest?.('watch', type);
      const response = await fetch(
        url(server, resourcePath(type, opts.namespace), {
          watch: true,
          allowWatchBookmarks: true,
          resourceVersion: opts.resourceVersion,
          labelSelector: opts.labelSelector,
          timeoutSeconds: opts.timeoutSeconds,
        }),
        {
          method: 'GET',
          dispatcher,
          headers: { ...(await headersOf(headers)), accept: 'application/json' },
          signal,
        },
      ).catch((error: unknown) => {
        throw signal.aborted ? error : transportError(server, error);
      });
      if (!response.ok || !response.body) {
        throw toApiError(response.status, await response.text());
      }
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) {
            const event = JSON.parse(line) as WatchEvent;
            onEvent(event);
          }
          newline = buffered.indexOf('\n');
        }
      }
    },

    async get(type, name, namespace) {
      try {
        return (await request('get', type, 'GET', resourcePath(type, namespace, name), {})) as KubeObject;
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw error;
      }
    },

    async apply(obj, opts) {
      const type = { apiVersion: obj.apiVersion, kind: obj.kind };
      const path =
        resourcePath(type, obj.metadata.namespace, obj.metadata.name) +
        (opts.subresource ? `/${opts.subresource}` : '');
      return (await request(
        'patch',
        type,
        'PATCH',
        path,
        { fieldManager: opts.fieldManager, force: opts.force },
        {
          contentType: 'application/apply-patch+yaml',
          data: obj,
        },
      )) as KubeObject;
    },

    async mergePatch(type, name, namespace, patch, subresource) {
      const path = resourcePath(type, namespace, name) + (subresource ? `/${subresource}` : '');
      return (await request(
        'patch',
        type,
        'PATCH',
        path,
        {},
        {
          contentType: 'application/merge-patch+json',
          data: patch,
        },
      )) as KubeObject;
    },

    async create(obj) {
      const type = { apiVersion: obj.apiVersion, kind: obj.kind };
      return (await request(
        'create',
        type,
        'POST',
        resourcePath(type, obj.metadata.namespace),
        {},
        {
          contentType: 'application/json',
          data: obj,
        },
      )) as KubeObject;
    },

    async replace(obj) {
      const type = { apiVersion: obj.apiVersion, kind: obj.kind };
      return (await request(
        'update',
        type,
        'PUT',
        resourcePath(type, obj.metadata.namespace, obj.metadata.name),
        {},
        {
          contentType: 'application/json',
          data: obj,
        },
      )) as KubeObject;
    },

    async delete(type, name, namespace, propagationPolicy = 'Background') {
      try {
        await request(
          'delete',
          type,
          'DELETE',
          resourcePath(type, namespace, name),
          {},
          {
            contentType: 'application/json',
            data: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy },
          },
        );
        return true;
      } catch (error) {
        if (isStatus(error, 404)) return false;
        throw error;
      }
    },

    async version(timeoutMs = Math.min(requestTimeoutMs, 10_000)) {
      const { server, headers, dispatcher } = await auth();
      let status: number;
      let text: string;
      try {
        const response = await fetch(`${server}/version`, {
          dispatcher,
          headers: { ...(await headersOf(headers)), accept: 'application/json' },
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        throw transportError(server, error);
      }
      if (status >= 300) throw toApiError(status, text);
      return (JSON.parse(text) as { gitVersion?: string }).gitVersion ?? 'unknown';
    },

    async close() {
      const pending = authPromise;
      authPromise = undefined;
      const ready = await pending?.catch(() => undefined);
      await ready?.dispatcher.close();
    },
  };
}

function toApiError(status: number, text: string): KubeApiError {
  try {
    const body = JSON.parse(text) as { message?: string; reason?: string };
    return new KubeApiError(body.message ?? `HTTP ${status}`, status, body.reason);
  } catch {
    return new KubeApiError(`HTTP ${status}`, status, undefined);
  }
}
