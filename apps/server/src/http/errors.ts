import type { ProblemIssue } from '@k8s-scheduler/contracts';

/**
 * Transport-agnostic errors thrown by services. The HTTP layer maps `code` to a status. Domain
 * packages may throw their own error classes: anything with a known snake_case `code` maps the same.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extra: { issues?: ProblemIssue[]; [k: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'resource') =>
  new AppError('not_found', `The ${what} does not exist or you cannot see it.`);
export const forbidden = (detail = 'You do not have permission to do this.') =>
  new AppError('forbidden', detail);
export const unauthenticated = (detail = 'Sign in to continue.') => new AppError('unauthenticated', detail);
export const conflict = (detail: string) => new AppError('conflict', detail);
export const invalid = (detail: string, issues: ProblemIssue[] = []) =>
  new AppError('validation_failed', detail, { issues });

/** HTTP status per error code. Unknown codes are server errors. */
export const statusByCode: Record<string, number> = {
  validation_failed: 400,
  invalid: 400,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  limit_exceeded: 403,
  csrf_rejected: 403,
  dev_login_disabled: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export const titleByStatus: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
