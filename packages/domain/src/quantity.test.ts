import { describe, expect, it } from 'vitest';
import {
  formatCpu,
  formatMemory,
  isQuantity,
  parseCpuMillis,
  parseMemoryBytes,
  parseQuantity,
} from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['1', 1],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['128k', 128_000],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['2E', 2e18],
  ])('%s → %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value);
  });

  it.each(['', 'abc', '1.2.3', '1 Gi', '1gi', 'Gi', '1KiB', '--1'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeNull();
    expect(isQuantity(text)).toBe(false);
  });
});

describe('cpu and memory', () => {
  it.each([
    ['500m', 500],
    ['1', 1000],
    ['1.5', 1500],
    ['100m', 100],
    ['0.1', 100],
  ])('cpu %s → %dm', (text, millis) => expect(parseCpuMillis(text)).toBe(millis));

  it.each([
    ['512Mi', 536_870_912],
    ['1Gi', 1_073_741_824],
    ['1G', 1_000_000_000],
    ['16Gi', 17_179_869_184],
  ])('memory %s → %d bytes', (text, bytes) => expect(parseMemoryBytes(text)).toBe(bytes));

  it('throws on invalid input', () => {
    expect(() => parseCpuMillis('lots')).toThrow(/not a CPU quantity/);
    expect(() => parseMemoryBytes('-1Gi')).toThrow(/not a memory quantity/);
  });

  it('formats back', () => {
    expect(formatCpu(1500)).toBe('1500m');
    expect(formatCpu(8000)).toBe('8');
    expect(formatMemory(2 ** 30)).toBe('1Gi');
    expect(formatMemory(1536 * 2 ** 20)).toBe('1536Mi');
    expect(formatMemory(1000)).toBe('1000');
  });
});
