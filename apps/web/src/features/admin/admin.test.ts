import { describe, expect, it } from 'vitest';
import { adminKeys, splitDomains } from './admin.api';

describe('splitDomains', () => {
  it('accepts commas, spaces and new lines', () => {
    expect(splitDomains(' a.example.com, b.example.com\nc.example.com  ')).toEqual(['a.example.com', 'b.example.com', 'c.example.com']);
    expect(splitDomains('  ')).toEqual([]);
  });
});

describe('adminKeys', () => {
  it('nests clients under the admin key', () => {
    expect(adminKeys.clients()[0]).toBe(adminKeys.all[0]);
  });
});
