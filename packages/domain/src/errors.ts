/**
 * Transport-agnostic errors thrown by domain rules and services. One handler in the server maps
 * them to HTTP problem bodies by `code`; nothing here knows about HTTP.
 */

/**
 * Every stable snake_case error code the platform answers with, shared by server and UI. The server
 * keeps one status per code (a new code without one fails its typecheck).
 */
export const ERROR_CODES = [
  'validation_failed',
  'bad_request',
  'unauthenticated',
  'forbidden',
  'limit_exceeded',
  'csrf_rejected',
  'dev_login_disabled',
  'not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'uri_too_long',
  'headers_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A refusal with a stable `code`. The subclasses below name the common ones; throw this class itself
 * for the rest (`rate_limited`, `csrf_rejected`, `unavailable`, …).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable facts about the refusal (e.g. `retryAfterSeconds`), sent along with it. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The resource does not exist, or belongs to another tenant (never leak which). */
export class NotFoundError extends DomainError {
  constructor(
    readonly resource: string,
    message = `${resource} not found`,
  ) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(
    message: string,
    readonly permission?: string,
  ) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

/** One validation problem: where (`services[0].image`) and what, in plain words. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export class InvalidError extends DomainError {
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super('validation_failed', message);
    this.name = 'InvalidError';
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/** A tier limit that a write would cross: which limit, current use, maximum, and the tier that lifts it. */
export interface LimitDetails {
  /** Stable limit name, e.g. `deployments`, `members`, `cpu`, `memory`, `custom_templates`. */
  limit: string;
  /** Use after the write would happen (or current use for count limits), in the limit's unit. */
  current: number | string;
  max: number | string;
  /** The lowest tier whose plan allows the write; null when no tier does. */
  liftedBy: string | null;
}

export class LimitExceededError extends DomainError {
  readonly limit: string;
  readonly current: number | string;
  readonly max: number | string;
  readonly liftedBy: string | null;
  constructor(details: LimitDetails, message?: string) {
    super(
      'limit_exceeded',
      message ??
        `The ${details.limit} limit of your plan is reached (${details.current} of ${details.max})` +
          (details.liftedBy ? `; the ${details.liftedBy} tier lifts it` : ''),
      { limit: details.limit, current: details.current, max: details.max, liftedBy: details.liftedBy },
    );
    this.name = 'LimitExceededError';
    this.limit = details.limit;
    this.current = details.current;
    this.max = details.max;
    this.liftedBy = details.liftedBy;
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in to continue.') {
    super('unauthenticated', message);
    this.name = 'UnauthenticatedError';
  }
}

/** Whether `error` is one of the domain errors above. */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
