import { describe, expect, it } from 'vitest';
import { configKeys } from '../config/config.keys';
import { sessionKeys } from './session.keys';
import { initials } from './userDisplay';

describe('query keys', () => {
  it('nests every key under its feature so one invalidation reaches them all', () => {
    expect(sessionKeys.me().slice(0, sessionKeys.all.length)).toEqual([...sessionKeys.all]);
    expect(configKeys.public().slice(0, configKeys.all.length)).toEqual([...configKeys.all]);
    expect(sessionKeys.all[0]).not.toBe(configKeys.all[0]);
  });
});

describe('initials', () => {
  it('takes the first and last word of the name', () => {
    expect(initials('Ada Byron Lovelace', 'ada@example.com')).toBe('AL');
  });

  it('falls back to the start of a single name or the email', () => {
    expect(initials('dev', 'dev@localhost')).toBe('DE');
    expect(initials('  ', 'zoe@example.com')).toBe('ZO');
  });
});
