import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problemSchema } from '@k8s-scheduler/contracts';
import type { RequestContext } from '../context/context';
import type { App } from './app';

/** The problem+json answers every API route may give (documented in the OpenAPI document). */
const DEFAULT_ERRORS = [400, 401, 403, 404, 409] as const;

type Schema = z.ZodType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;

/** One route: its documentation, its typed input and its success answer. */
export interface RouteSpec<P, Q, B, R extends Schema> {
  summary: string;
  description?: string;
  /** Overrides the module's tags. */
  tags?: string[];
  params?: P;
  querystring?: Q;
  body?: B;
  /** The success answer's schema (`z.null()` with status 204). */
  response: R;
  /** Success status: 200 unless given (201 for creations, 202 accepted, 204 no content). */
  status?: 200 | 201 | 202 | 204;
  /** Error statuses beyond 400/401/403/404/409 (e.g. 413, 429, 503). */
  errors?: readonly number[];
}

/** What a handler receives besides the context: the validated input. */
export interface RouteInput<P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
}

/** The raw request and reply, for the few routes that set cookies or headers (sign-in, streams). */
export interface RouteRaw {
  request: FastifyRequest;
  reply: FastifyReply;
}

export type RouteHandler<P, Q, B, R extends Schema> = (
  ctx: RequestContext,
  input: RouteInput<P, Q, B>,
  raw: RouteRaw,
) => Promise<z.input<R>> | z.input<R>;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The success answer of a 204 route. */
const NO_CONTENT = z.null().describe('No content');

/**
 * Declares routes in one line each: the handler gets the request context and the validated input and
 * returns the answer; the helper documents the problem answers, sets the success status and sends
 * `null` for 204. Route files stay declarations; the work is in the service called.
 *
 *   const r = routes(app, { tags: ['teams'] });
 *   r.get('/api/teams/:teamId', { summary: 'A team', params, response: teamSchema }, (ctx, { params }) =>
 *     teams.get(ctx, params.teamId));
 */
export function routes(app: App, defaults: { tags: string[] }) {
  function add<
    P extends Schema | undefined,
    Q extends Schema | undefined,
    B extends Schema | undefined,
    R extends Schema,
  >(method: Method, url: string, spec: RouteSpec<P, Q, B, R>, handler: RouteHandler<P, Q, B, R>) {
    const status = spec.status ?? 200;
    const response: Record<number, Schema> = { [status]: spec.response };
    for (const code of [...DEFAULT_ERRORS, ...(spec.errors ?? [])]) response[code] = problemSchema;
    app.route({
      method,
      url,
      schema: {
        tags: spec.tags ?? defaults.tags,
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.querystring ? { querystring: spec.querystring } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        response,
      },
      handler: async (request, reply) => {
        const input = { params: request.params, query: request.query, body: request.body } as RouteInput<
          P,
          Q,
          B
        >;
        const result = await handler(request.ctx, input, { request, reply });
        if (reply.sent) return reply;
        return reply.code(status).send(status === 204 ? null : result);
      },
    });
  }
  const verb =
    (method: Method) =>
    <
      P extends Schema | undefined,
      Q extends Schema | undefined,
      B extends Schema | undefined,
      R extends Schema,
    >(
      url: string,
      spec: RouteSpec<P, Q, B, R>,
      handler: RouteHandler<P, Q, B, R>,
    ) =>
      add(method, url, spec, handler);
  return {
    get: verb('GET'),
    post: verb('POST'),
    put: verb('PUT'),
    patch: verb('PATCH'),
    delete: verb('DELETE'),
    /** A DELETE answering 204 No Content once the handler's work is done. */
    deleteNoContent<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
      url: string,
      spec: Omit<RouteSpec<P, Q, B, typeof NO_CONTENT>, 'response' | 'status'>,
      handler: (ctx: RequestContext, input: RouteInput<P, Q, B>, raw: RouteRaw) => Promise<void>,
    ) {
      add('DELETE', url, { ...spec, response: NO_CONTENT, status: 204 }, async (ctx, input, raw) => {
        await handler(ctx, input, raw);
        return null;
      });
    },
  };
}
