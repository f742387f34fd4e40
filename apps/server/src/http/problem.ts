import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { Problem, ProblemIssue } from '@k8s-scheduler/contracts';
import { InvalidError, isDomainError, type ErrorCode } from '@k8s-scheduler/domain';
import { statusByCode, titleByStatus } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Writes an RFC 9457 problem body. */
export interface ProblemInput {
  status: number;
  code: ErrorCode;
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
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationIssues(error as FastifyError);
    return sendProblem(reply, {
      status: 400,
      code: 'validation_failed',
      detail: `The request is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      errors,
    });
  }
  if (isDomainError(error)) {
    // The error's details (e.g. LimitExceededError's limit, current, max, liftedBy) become
    // problem extensions; an InvalidError's issues become `errors`.
    const issues = error instanceof InvalidError ? error.issues : [];
    return sendProblem(reply, {
      ...error.details,
      status: statusByCode[error.code],
      code: error.code,
      detail: error.message,
      ...(issues.length > 0 ? { errors: [...issues] } : {}),
    });
  }
  const statusCode = (error as FastifyError).statusCode;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors (bad JSON, body too large, unsupported media type, ...).
    const code = (error as FastifyError).code;
    const fastifyCode = typeof code === 'string' && code.startsWith('FST_') ? code : undefined;
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
