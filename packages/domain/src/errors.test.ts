import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  DomainError,
  ERROR_CODES,
  ForbiddenError,
  InvalidError,
  LimitExceededError,
  NotFoundError,
  UnauthenticatedError,
  isDomainError,
} from './errors';

describe('domain errors', () => {
  it.each([
    [new NotFoundError('deployment'), 'not_found', 'deployment not found'],
    [new ForbiddenError('no', 'deploy:create'), 'forbidden', 'no'],
    [new InvalidError('bad', [{ path: 'name', message: 'name is required' }]), 'validation_failed', 'bad'],
    [new ConflictError('taken'), 'conflict', 'taken'],
    [new UnauthenticatedError(), 'unauthenticated', 'Sign in to continue.'],
    [new DomainError('rate_limited', 'slow down', { retryAfterSeconds: 3 }), 'rate_limited', 'slow down'],
  ])('%o has a stable code', (error, code, message) => {
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(isDomainError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it('LimitExceededError names the limit, the use, the max and the tier that lifts it', () => {
    const error = new LimitExceededError({ limit: 'deployments', current: 1, max: 1, liftedBy: 'business' });
    expect(error).toMatchObject({
      code: 'limit_exceeded',
      limit: 'deployments',
      current: 1,
      max: 1,
      liftedBy: 'business',
    });
    expect(error.message).toBe(
      'The deployments limit of your plan is reached (1 of 1); the business tier lifts it',
    );
    expect(
      new LimitExceededError({ limit: 'cpu', current: '9', max: '8', liftedBy: null }).message,
    ).not.toMatch(/lifts/);
  });

  it('LimitExceededError carries its figures as details, the other errors none', () => {
    const error = new LimitExceededError({ limit: 'members', current: 2, max: 1, liftedBy: null });
    expect(error.details).toEqual({ limit: 'members', current: 2, max: 1, liftedBy: null });
    expect(new NotFoundError('team').details).toEqual({});
  });

  it('codes are snake_case and listed once', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('does not treat plain errors as domain errors', () => {
    expect(isDomainError(new Error('x'))).toBe(false);
  });
});
