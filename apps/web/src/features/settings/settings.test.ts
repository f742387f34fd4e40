import { describe, expect, it } from 'vitest';
import { auditPagePath, settingsKeys } from './settings.api';

describe('auditPagePath', () => {
  it('asks for the first page without a cursor and later pages before the oldest id seen', () => {
    expect(auditPagePath('o1', null)).toBe('/api/orgs/o1/audit?limit=50');
    expect(auditPagePath('o1', 120, 20)).toBe('/api/orgs/o1/audit?limit=20&before=120');
  });
});

describe('settingsKeys', () => {
  it('scopes the audit log per organization', () => {
    expect(settingsKeys.audit('a')).not.toEqual(settingsKeys.audit('b'));
    expect(settingsKeys.apiKeys()[0]).toBe(settingsKeys.all[0]);
  });
});
