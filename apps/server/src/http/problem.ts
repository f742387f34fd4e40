import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Problem, ProblemIssue } from '@k8s-scheduler/contracts';
import { statusByCode, titleByStatus } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Writes an RFC 9457 problem body. */
export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  type?: string;
  title?: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemIssue[];
  [extension: string]: unknown;
}

export function sendProblem(reply: FastifyReply, problem: ProblemInput) {
  const body: Problem = {
    type: problem.type ?? `https://k8s-scheduler.io/problems/${problem.code.replaceAll('_', '-')}`,
    title: problem.title ?? titleByStatus[problem.status] ?? 'Error',
    ...problem,
    requestId: problem.requestId ?? String(reply.request.id),
    instance: problem.instance ?? reply.request.url.split('?')[0],
  };
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

type CodedError = Error & {
  code?: unknown;
  statusCode?: number;
  extra?: Record<string, unknown>;
  issues?: unknown;
};

/** Maps zod validation failures (body, query, params, headers) to problem issues, all of them. */
function validationIssues(error: FastifyError): ProblemIssue[] {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  return (error.validation ?? []).map((v) => {
    const params = v.params as { issue?: { path?: PropertyKey[]; message?: string } } | undefined;
    const pathParts = params?.issue?.path ?? v.instancePath.split('/').filter(Boolean);
    return {
      path: [context, ...pathParts.map(String)].join('.'),
      message: params?.issue?.message ?? v.message ?? 'is invalid',
    };
  });
}

/**
 * The one error handler: every error becomes problem+json. 4xx carry a useful detail; 5xx a generic
 * detail plus the request id, with the stack in the log only.
 */
export function errorHandler(error: FastifyError | CodedError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationIssues(error as FastifyError);
    return sendProblem(reply, {
      status: 400,
      code: 'validation_failed',
      detail: `The request is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    });
  }
  const code = typeof error.code === 'string' ? error.code : undefined;
  const mapped = code ? statusByCode[code] : undefined;
  if (mapped) {
    // Extra fields: AppError keeps them in `extra`; domain errors carry them as own properties
    // (e.g. LimitExceededError's limit, current, max, liftedBy), which become problem extensions.
    const own = Object.fromEntries(
      Object.entries(error).filter(
        ([k]) =>
          !['name', 'message', 'stack', 'code', 'issues', 'extra', 'resource', 'permission'].includes(k),
      ),
    );
    const extra = { ...own, ...((error as CodedError).extra ?? {}) };
    const { issues, ...rest } = extra as { issues?: ProblemIssue[] };
    const domainIssues = (error as CodedError).issues;
    const list = issues ?? (Array.isArray(domainIssues) ? (domainIssues as ProblemIssue[]) : undefined);
    return sendProblem(reply, {
      ...rest,
      status: mapped,
      code: code === 'invalid' ? 'validation_failed' : (code as string),
      detail: error.message,
      ...(list && list.length > 0 ? { errors: list } : {}),
    });
  }
  const statusCode = (error as FastifyError).statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors (bad JSON, body too large, unsupported media type, ...).
    const fastifyCode = code?.startsWith('FST_') ? code : undefined;
    return sendProblem(reply, {
      status: statusCode,
      code:
        statusCode === 413
          ? 'payload_too_large'
          : statusCode === 415
            ? 'unsupported_media_type'
            : statusCode === 429
              ? 'rate_limited'
              : 'bad_request',
      detail: error.message,
      ...(fastifyCode ? { fastifyCode } : {}),
    });
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, {
    status: statusCode === 503 ? 503 : 500,
    code: statusCode === 503 ? 'unavailable' : 'internal_error',
    detail: `Something went wrong on our side. Quote request id ${String(request.id)} when reporting it.`,
  });
}
