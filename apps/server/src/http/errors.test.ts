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
} from '@k8s-scheduler/domain';
import { statusByCode, titleByStatus } from './errors';

describe('statusByCode', () => {
  it.each(ERROR_CODES)('%s has an HTTP status with a title', (code) => {
    const status = statusByCode[code];
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
    expect(titleByStatus[status]).toBeDefined();
  });

  it('maps no code the domain does not define', () => {
    expect(Object.keys(statusByCode).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each([
    [new InvalidError('bad'), 400],
    [new UnauthenticatedError(), 401],
    [new ForbiddenError('no'), 403],
    [new LimitExceededError({ limit: 'deployments', current: 1, max: 1, liftedBy: 'business' }), 403],
    [new NotFoundError('deployment'), 404],
    [new ConflictError('taken'), 409],
    [new DomainError('csrf_rejected', 'cross-site'), 403],
    [new DomainError('rate_limited', 'slow down'), 429],
    [new DomainError('unavailable', 'later'), 503],
  ])('%o answers %i', (error, status) => {
    expect(statusByCode[error.code]).toBe(status);
  });
});
