import { describe, expect, it } from 'vitest';
import { problemFromResponse, networkError } from '../lib/api';
import { shouldRetry } from './queryClient';

describe('shouldRetry', () => {
  it('never retries a 4xx answer', () => {
    expect(shouldRetry(0, problemFromResponse(404, undefined))).toBe(false);
    expect(shouldRetry(0, problemFromResponse(401, undefined))).toBe(false);
  });

  it('retries transport failures and 5xx twice', () => {
    expect(shouldRetry(0, networkError())).toBe(true);
    expect(shouldRetry(1, problemFromResponse(503, undefined))).toBe(true);
    expect(shouldRetry(2, problemFromResponse(503, undefined))).toBe(false);
  });
});
