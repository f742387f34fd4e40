/**
 * Transport-agnostic errors thrown by domain rules and services. One handler in the server maps
 * them to HTTP problem bodies by `code`; nothing here knows about HTTP.
 */
export type DomainErrorCode =
  'not_found' | 'forbidden' | 'invalid' | 'conflict' | 'limit_exceeded' | 'unauthenticated';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** The resource does not exist, or belongs to another tenant (never leak which). */
export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(
    readonly resource: string,
    message = `${resource} not found`,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(
    message: string,
    readonly permission?: string,
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** One validation problem: where (`services[0].image`) and what, in plain words. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export class InvalidError extends DomainError {
  readonly code = 'invalid';
  constructor(
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
    this.name = 'InvalidError';
  }
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(message: string) {
    super(message);
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
  readonly code = 'limit_exceeded';
  readonly limit: string;
  readonly current: number | string;
  readonly max: number | string;
  readonly liftedBy: string | null;
  constructor(details: LimitDetails, message?: string) {
    super(
      message ??
        `The ${details.limit} limit of your plan is reached (${details.current} of ${details.max})` +
          (details.liftedBy ? `; the ${details.liftedBy} tier lifts it` : ''),
    );
    this.name = 'LimitExceededError';
    this.limit = details.limit;
    this.current = details.current;
    this.max = details.max;
    this.liftedBy = details.liftedBy;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  constructor(message = 'Sign in required') {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** Whether `error` is one of the domain errors above. */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
