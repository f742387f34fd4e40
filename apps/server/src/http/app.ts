import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import type { PublicConfig } from '@k8s-scheduler/contracts';
import { serializeRequest, type Config } from '@k8s-scheduler/config';
import type { Database } from '../db/database';
import { authPlugin, createSessionManager, type AuthDeps } from '../modules/auth/auth.plugin';
import { devLoginRoutes } from '../modules/auth/dev-login.routes';
import type { SessionStore } from '../modules/auth/session.store';
import type { ClientResolver } from '../modules/clients/clients.resolve';
import { meRoutes } from '../modules/me/me.routes';
import { featureModules, type FeatureModule } from '../modules/registry';
import type { KubeConnection } from '../kube/connect';
import type { PlatformServices } from '../services';
import { systemRoutes, type ReadinessCheck } from '../modules/system/system.routes';
import { PROBLEM_CONTENT_TYPE, errorHandler, sendProblem } from './problem';
import { titleByStatus } from './errors';
import { securityHeaders } from './security.headers';
import { MAX_JSON_DEPTH, jsonDepthExceeds, nulIssues } from './input';

export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  registry: Registry;
  sessionStore: SessionStore;
  clients: ClientResolver;
  /** Extra readiness checks (e.g. Kubernetes when enabled). */
  readinessChecks?: ReadinessCheck[];
  /** Whether a Kubernetes cluster is connected (shown in /api/config). */
  kubernetesConnected?: () => boolean;
  /** Directory of the built SPA; omitted → not served. */
  webDist?: string | null;
  resolveApiKey?: AuthDeps['resolveApiKey'];
  /** The authorization cache and its invalidation (users, roles, API keys, sessions). */
  authz?: AuthDeps['authz'];
  kube?: KubeConnection | null;
  services: PlatformServices;
  /** Feature modules (default: the registry's list); each receives the shared dependencies. */
  modules?: FeatureModule[];
}

/** The application type every route module registers on. */
export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application: the composition root of routes and cross-cutting concerns. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, database, registry } = deps;
  // Request lines log the URL with its credentials (invitation tokens, OAuth code/state) redacted,
  // whichever logger the platform was given.
  const requestLogger = deps.logger.child({}, { serializers: { req: serializeRequest } });
  const app = Fastify({
    loggerInstance: requestLogger as FastifyBaseLogger,
    // Honour a sane incoming request id (from a proxy), otherwise mint one.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    trustProxy: config.production,
    bodyLimit: 1024 * 1024,
    // Errors Fastify answers before any route runs are problem+json too.
    clientErrorHandler: clientErrorAsProblem,
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void sendProblem(reply, {
        status: tooLong ? 414 : 400,
        code: tooLong ? 'uri_too_long' : 'bad_request',
        detail: tooLong ? 'A path parameter of the URL is too long.' : 'The URL is malformed.',
      });
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // JSON bodies: Fastify's parser (prototype-poisoning checks kept) behind a depth limit, so a body
  // nested tens of thousands of levels deep is a 400 rather than a stack overflow further on.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepthExceeds(text)) {
      const error = new Error(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
      return done(Object.assign(error, { statusCode: 400 }), undefined);
    }
    parseJson(request, text, done);
  });
  // Every input of every route, before validation and before any SQL: a NUL character is refused
  // with a 400 naming the field (PostgreSQL cannot store it in text; see nulIssues).
  app.addHook('preValidation', async (request, reply) => {
    const errors = [
      ...nulIssues('params', request.params),
      ...nulIssues('query', request.query),
      ...nulIssues('body', request.body),
    ];
    if (errors.length === 0) return;
    return sendProblem(reply, {
      status: 400,
      code: 'validation_failed',
      detail: `The request is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    });
  });
  const headers = securityHeaders(config.publicUrl);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
    reply.headers(headers);
    if (request.url.length > MAX_URL_LENGTH) {
      return sendProblem(reply, {
        status: 414,
        code: 'uri_too_long',
        detail: `The URL is longer than ${MAX_URL_LENGTH} characters.`,
      });
    }
  });
  // Every method each path answers to, for 405 Method Not Allowed with `Allow` (see the 404 handler).
  const methodsByPath: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = routePattern(route.url ?? route.path);
    let entry = methodsByPath.find((e) => e.pattern.source === pattern.source);
    if (!entry) methodsByPath.push((entry = { pattern, methods: new Set() }));
    for (const method of [route.method].flat()) entry.methods.add(method);
  });

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'k8s-scheduler API',
        version: config.version,
        description: 'Multi-tenant deployment platform. Errors are RFC 9457 application/problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ks_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) =>
      problemContentTypes('openapiObject' in documentObject ? documentObject.openapiObject : {}),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(cookie);
  const sessions = createSessionManager(config, deps.sessionStore);
  await app.register(authPlugin, {
    db: database.db,
    config,
    sessions: deps.sessionStore,
    resolveClient: (host) => deps.clients.resolve(host),
    resolveApiKey: deps.resolveApiKey,
    authz: deps.authz,
  });

  const publicConfig = async (clientId: string | null): Promise<PublicConfig> => {
    const { branding, deploymentDomain } = await deps.clients.branding(clientId, config.branding);
    return {
      devMode: config.dev.enabled,
      branding,
      // A white-label client with its own OAuth providers offers those instead of the platform's.
      auth: await deps.clients.signInOptions(clientId, {
        dev: config.dev.enabled,
        google: Boolean(config.auth.google),
        oidc: { enabled: Boolean(config.auth.oidc), name: config.auth.oidc?.name ?? null },
      }),
      features: {
        kubernetes: deps.kubernetesConnected?.() ?? false,
        // Stripe billing is not built yet: tiers are set by platform/client admins.
        billing: false,
        email: Boolean(config.mail.smtpUrl || config.mail.sendgridApiKey),
      },
      deploymentDomain: deploymentDomain ?? config.deploymentDomain,
      version: config.version,
    };
  };

  await app.register(systemRoutes, {
    publicConfig,
    checks: [{ name: 'database', check: () => database.ping() }, ...(deps.readinessChecks ?? [])],
  });
  await app.register(meRoutes, { db: database.db, devMode: config.dev.enabled });
  await app.register(devLoginRoutes, { db: database.db, config, sessions });
  const moduleDeps = {
    db: database.db,
    database,
    config,
    logger: deps.logger,
    sessions,
    kube: deps.kube ?? null,
    services: deps.services,
    clients: deps.clients,
  };
  for (const register of deps.modules ?? featureModules) await register(app, moduleDeps);

  const webDist = deps.webDist;
  const indexHtml = webDist ? path.join(webDist, 'index.html') : null;
  if (webDist && indexHtml && existsSync(indexHtml)) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      // The build writes .br/.gz next to each asset (apps/web/build/precompress.ts): sent as they are.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => void reply.header('cache-control', cacheControlFor(webDist, file)),
    });
  }
  // API paths answer problem+json; anything else a browser asks for is the SPA (history fallback).
  const apiPrefixes = ['/api/', '/dev/', '/oauth2/', '/metrics', '/health', '/readyz'];
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const isApi = apiPrefixes.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p));
    if (!isApi && request.method === 'GET' && indexHtml && existsSync(indexHtml)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const allowed = new Set(methodsByPath.filter((e) => e.pattern.test(url)).flatMap((e) => [...e.methods]));
    if (allowed.size > 0) {
      const allow = [...allowed].sort().join(', ');
      return sendProblem(reply.header('allow', allow), {
        status: 405,
        code: 'method_not_allowed',
        detail: `${request.method} is not allowed on ${url}; allowed: ${allow}.`,
      });
    }
    return sendProblem(reply, {
      status: 404,
      code: 'not_found',
      detail: `No route for ${request.method} ${url}.`,
    });
  });

  return app;
}

/** The longest URL answered; longer ones get 414 (Node itself answers 431 past 16 KiB of headers). */
export const MAX_URL_LENGTH = 8 * 1024;

/** A route URL (`/api/teams/:teamId`, `/assets/*`) as a regular expression over request paths. */
function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((part) =>
      part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/** The OpenAPI document declares every 4xx/5xx answer as `application/problem+json`, as sent. */
function problemContentTypes<T extends object>(doc: T): T {
  const paths = (
    doc as {
      paths?: Record<
        string,
        Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
      >;
    }
  ).paths;
  for (const operations of Object.values(paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (Number(status) >= 400 && json && response.content) {
          delete response.content['application/json'];
          response.content['application/problem+json'] = json;
        }
      }
    }
  }
  return doc;
}

/**
 * Errors Node's HTTP parser finds before Fastify sees a request (headers too large, malformed
 * request, timeout), written as problem+json straight to the socket, then the connection closed.
 */
function clientErrorAsProblem(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request headers (with the URL) are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'bad_request', 'The request took too long to arrive.']
        : [400, 'bad_request', 'The request is malformed.'];
  const title = titleByStatus[status] ?? 'Bad Request';
  const body = JSON.stringify({
    type: `https://k8s-scheduler.io/problems/${code.replaceAll('_', '-')}`,
    title,
    status,
    detail,
    code,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Vite names everything under `assets/` by content hash, so those never change: cached for a year.
 * `index.html` names the current hashes, so it is revalidated on every load; the rest (favicon …)
 * gets an hour.
 */
export function cacheControlFor(webDist: string, file: string): string {
  const relative = path
    .relative(webDist, file)
    .split(path.sep)
    .join('/')
    .replace(/\.(br|gz)$/, '');
  if (relative.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  if (relative === 'index.html') return 'no-cache';
  return 'public, max-age=3600';
}
