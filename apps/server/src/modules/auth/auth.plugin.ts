import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, UnauthenticatedError } from '@k8s-scheduler/domain';
import type { Config } from '@k8s-scheduler/config';
import type { Db } from '../../db/database';
import { findUserById } from '../users/users.repo';
import type { AuthContext } from './auth.types';
import { createContext, type RequestContext } from '../../context/context';
import { authzKeys, type AuthzCache } from '../authz-cache/authz.cache';
import type { AuthzRuntime } from '../authz-cache/authz.invalidation';
import { addTiming, serverTimingHeader } from './server-timing';
import { FLOW_KIND, flowKey, newSessionId, type SessionData, type SessionStore } from './session.store';

export const SESSION_COOKIE = 'ks_session';
/** Cookie binding an OAuth sign-in in progress to the browser that started it. */
export const FLOW_COOKIE = 'ks_oauth';
/** Custom header the SPA sends on state-changing requests (CSRF defence for cookie sessions). */
export const CSRF_HEADER = 'x-requested-with';

export type { AuthContext } from './auth.types';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in principal, or null. Set by the auth plugin before any handler runs. */
    auth: AuthContext | null;
    /** White-label client resolved from the Host header (null: direct platform). */
    clientId: string | null;
    /** The request context services take (`(ctx, input)`); built by the auth plugin for every request. */
    ctx: RequestContext;
  }
  interface FastifyInstance {
    /** The authorization cache (users, roles, API keys, sessions); null when not configured. */
    authzCache: AuthzCache | null;
    /**
     * Resolves the request's credential (session cookie or API key) again, as a new request would,
     * through the same cached store and resolver, and sets `request.auth` to the result. Null (and
     * `request.auth` null) once the session is gone or expired, the key revoked, the user deleted.
     * For long-lived responses (event streams) that must not outlive the credential they began with.
     */
    reauthenticate(request: FastifyRequest): Promise<AuthContext | null>;
  }
}

export interface AuthDeps {
  db: Db;
  config: Config;
  sessions: SessionStore;
  /** Resolves the white-label client of a hostname (null for the platform's own hosts). */
  resolveClient: (hostname: string) => Promise<string | null>;
  /** Resolves a Bearer token to a user and scopes; provided by the API keys module. */
  resolveApiKey?: (token: string, clientId: string | null) => Promise<AuthContext | null>;
  /** The authorization cache and its invalidation; without it every request reads the database. */
  authz?: AuthzRuntime | undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requests that started, changed or ended a session (sign-in, sign-out): they sync like authenticated writes. */
const sessionChanged = new WeakSet<FastifyRequest>();

/** Throws `unauthenticated` when nobody is signed in; returns the principal otherwise. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new UnauthenticatedError();
  return request.auth;
}

/**
 * Cookie sessions need CSRF protection on state-changing requests: the browser's Origin must be one
 * of ours, or (for clients that send no Origin) the custom header must be present, which a
 * cross-site form cannot set. Bearer tokens are not ambient credentials, so they skip this.
 */
function checkCsrf(request: FastifyRequest, config: Config) {
  const origin = request.headers.origin;
  if (origin) {
    const allowed = new Set([new URL(config.publicUrl).origin, `${request.protocol}://${request.host}`]);
    if (!allowed.has(origin))
      throw new DomainError('csrf_rejected', `Cross-site request from ${origin} refused.`);
    return;
  }
  if (!request.headers[CSRF_HEADER]) {
    throw new DomainError(
      'csrf_rejected',
      `State-changing requests must send the ${CSRF_HEADER} header or a same-site Origin.`,
    );
  }
}

/** The user of a session, from the authorization cache when there is one. Users are client-scoped. */
async function sessionUser(deps: AuthDeps, clientId: string | null, userId: string) {
  const cache = deps.authz?.cache;
  if (!cache) return findUserById(deps.db, clientId, userId);
  const user = await cache.get(authzKeys.user(userId), async () => {
    const row = await findUserById(deps.db, clientId, userId);
    return row ? { value: row, userId: row.id } : null;
  });
  return user?.clientId === clientId ? user : undefined;
}

/** The credential a request authenticated with, kept for `reauthenticate`. */
type Credential = { kind: 'bearer'; token: string } | { kind: 'session'; sid: string };

async function authPluginImpl(app: FastifyInstance, deps: AuthDeps) {
  const credentials = new WeakMap<FastifyRequest, Credential>();
  /** Requests that were authenticated when they came in (a stream may lose its auth later). */
  const authenticated = new WeakSet<FastifyRequest>();
  app.decorateRequest('auth', null);
  app.decorateRequest('clientId', null);
  // Set in onRequest before any handler runs; the placeholder only satisfies the decorator.
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorate('authzCache', deps.authz?.cache ?? null);
  app.decorate('reauthenticate', async (request: FastifyRequest) => {
    const credential = credentials.get(request);
    request.auth = credential ? await resolve(request, credential) : null;
    return request.auth;
  });

  app.addHook('onRequest', async (request) => {
    const startedAt = performance.now();
    try {
      await authenticate(request);
      if (request.auth) authenticated.add(request);
    } finally {
      addTiming(request, 'auth', performance.now() - startedAt);
    }
  });

  app.addHook('onSend', async (request, reply) => {
    // A state-changing request answers only once its changes have reached this process's
    // authorization cache, so the next request sees them (e.g. a removed member is refused). Only
    // writes that can have changed anything need it: an authenticated caller's (or a sign-in's or
    // sign-out's) successful answer; anonymous requests and refusals change nothing.
    if (
      deps.authz &&
      !SAFE_METHODS.has(request.method) &&
      reply.statusCode < 400 &&
      (authenticated.has(request) || sessionChanged.has(request))
    ) {
      await deps.authz.sync();
    }
    const timing = serverTimingHeader(request);
    if (timing) reply.header('server-timing', timing);
  });

  async function authenticate(request: FastifyRequest) {
    request.clientId = await deps.resolveClient(request.hostname);
    const userAgent = request.headers['user-agent'];
    request.ctx = createContext(
      { db: deps.db, authzCache: deps.authz?.cache ?? null },
      {
        requestId: String(request.id),
        clientId: request.clientId,
        logger: request.log as unknown as RequestContext['logger'],
        ip: request.ip ?? null,
        userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null,
        auth: () => request.auth,
        timing: (phase, ms) => addTiming(request, phase, ms),
      },
    );

    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ') && deps.resolveApiKey) {
      const credential: Credential = { kind: 'bearer', token: header.slice('Bearer '.length).trim() };
      const ctx = await resolve(request, credential);
      if (!ctx) throw new UnauthenticatedError('The API key is invalid, expired or revoked.');
      credentials.set(request, credential);
      request.auth = ctx;
      return;
    }

    const sid = request.cookies[SESSION_COOKIE];
    if (sid) {
      const credential: Credential = { kind: 'session', sid };
      request.auth = await resolve(request, credential);
      if (request.auth) credentials.set(request, credential);
    }
    if (request.auth?.via === 'session' && !SAFE_METHODS.has(request.method)) checkCsrf(request, deps.config);
  }

  async function resolve(request: FastifyRequest, credential: Credential): Promise<AuthContext | null> {
    if (credential.kind === 'bearer')
      return (await deps.resolveApiKey?.(credential.token, request.clientId)) ?? null;
    const { sid } = credential;
    const session = await deps.sessions.get(sid);
    // Sessions are isolated per client domain: a cookie minted on client A's host is void on B's.
    // A sign-in flow record (see saveFlow) is never a session, even if its id is sent as one.
    if (!session || session.clientId !== request.clientId || session.kind === FLOW_KIND || !session.userId)
      return null;
    const user = await sessionUser(deps, request.clientId, session.userId);
    return user ? { user, via: 'session', sessionId: sid, session } : null;
  }
}

export const authPlugin = fp(authPluginImpl, { name: 'auth' });

/** Session cookie helpers: ids rotate at sign-in and are destroyed at sign-out. */
export function createSessionManager(config: Config, store: SessionStore) {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    maxAge: config.sessions.ttlSeconds,
  };
  return {
    async start(
      request: FastifyRequest,
      reply: FastifyReply,
      data: Pick<SessionData, 'userId' | 'clientId' | 'currentTeamId'>,
    ) {
      sessionChanged.add(request);
      const old = request.cookies[SESSION_COOKIE];
      if (old) await store.destroy(old);
      const id = newSessionId();
      await store.set(id, { ...data, createdAt: Date.now() }, config.sessions.ttlSeconds);
      reply.setCookie(SESSION_COOKIE, id, cookieOptions);
      return id;
    },
    async update(request: FastifyRequest, patch: Partial<SessionData>) {
      const auth = requireAuth(request);
      if (!auth.sessionId || !auth.session) return;
      sessionChanged.add(request);
      const next = { ...auth.session, ...patch };
      await store.set(auth.sessionId, next, config.sessions.ttlSeconds);
      auth.session = next;
    },
    /**
     * Keeps a short-lived server-side record of a sign-in in progress (OAuth state, nonce, PKCE
     * verifier, where to go back), bound to this browser by an HttpOnly cookie.
     */
    async saveFlow(
      request: FastifyRequest,
      reply: FastifyReply,
      data: Record<string, unknown>,
      ttlSeconds = 600,
    ) {
      const id = newSessionId();
      const record: SessionData = {
        ...data,
        userId: '',
        clientId: request.clientId,
        currentTeamId: null,
        createdAt: Date.now(),
        kind: FLOW_KIND,
      };
      await store.set(flowKey(id), record, ttlSeconds);
      reply.setCookie(FLOW_COOKIE, id, { ...cookieOptions, path: '/oauth2', maxAge: ttlSeconds });
    },
    /** Returns the flow record of this browser once: it is destroyed as it is read (no replay). */
    async takeFlow(request: FastifyRequest, reply: FastifyReply): Promise<SessionData | null> {
      const id = request.cookies[FLOW_COOKIE];
      reply.clearCookie(FLOW_COOKIE, { path: '/oauth2' });
      if (!id) return null;
      const key = flowKey(id);
      const record = await store.get(key);
      await store.destroy(key);
      if (!record || record.kind !== FLOW_KIND || record.clientId !== request.clientId) return null;
      return record;
    },
    async end(request: FastifyRequest, reply: FastifyReply) {
      const sid = request.cookies[SESSION_COOKIE];
      sessionChanged.add(request);
      if (sid) await store.destroy(sid);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
    },
  };
}
export type SessionManager = ReturnType<typeof createSessionManager>;
