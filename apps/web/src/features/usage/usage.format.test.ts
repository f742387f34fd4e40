import { describe, expect, it } from 'vitest';
import { atLimit, usagePercent, usageText } from './usage.format';

describe('usage formatting', () => {
  it('writes counts, CPU and memory in words', () => {
    expect(usageText({ used: 1, max: 5, unit: 'count' })).toBe('1 of 5');
    expect(usageText({ used: 750, max: 1000, unit: 'millicores' })).toBe('750m CPU of 1 CPU');
    expect(usageText({ used: 512 * 1024 ** 2, max: 1024 ** 3, unit: 'bytes' })).toBe('512 MiB of 1 GiB');
    expect(usageText({ used: 3, max: null, unit: 'count' })).toBe('3 (unlimited)');
  });

  it('caps the bar at 100% and flags a limit that is reached or passed (after a downgrade)', () => {
    expect(usagePercent({ used: 6, max: 1, unit: 'count' })).toBe(100);
    expect(usagePercent({ used: 1, max: 4, unit: 'count' })).toBe(25);
    expect(usagePercent({ used: 1, max: null, unit: 'count' })).toBeNull();
    expect(atLimit({ used: 1, max: 1, unit: 'count' })).toBe(true);
    expect(atLimit({ used: 0, max: 1, unit: 'count' })).toBe(false);
    expect(atLimit({ used: 9, max: null, unit: 'count' })).toBe(false);
  });
});
