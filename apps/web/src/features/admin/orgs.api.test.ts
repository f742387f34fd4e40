import { describe, expect, it } from 'vitest';
import { reasonError, usageText } from './orgs.api';

describe('admin orgs helpers', () => {
  it('shows use against the limit, or unlimited', () => {
    expect(usageText({ used: 3, max: 5 })).toBe('3 / 5');
    expect(usageText({ used: 7, max: null })).toBe('7 / unlimited');
  });

  it('asks for a reason of 3 to 500 characters, as the API does', () => {
    expect(reasonError('  ')).toMatch(/Say why/);
    expect(reasonError('ok')).toMatch(/Say why/);
    expect(reasonError('Signed contract #42')).toBeNull();
    expect(reasonError('x'.repeat(501))).toBe('At most 500 characters.');
  });
});
