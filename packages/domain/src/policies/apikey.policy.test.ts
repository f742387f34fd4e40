import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../errors';
import { abilitiesOn, decide, enforce } from '../policy';
import { makeSubject } from '../subject';
import { apiKeyPolicy, ownApiKeys } from './apikey.policy';

const alice = makeSubject({ userId: 'alice', orgRoles: { 'org-1': 'org_member' } });
const platformAdmin = makeSubject({ userId: 'root', isPlatformAdmin: true });
const aliceKey = { id: 'key-1', userId: 'alice' };

describe('apiKeyPolicy', () => {
  it('lets a user manage their own keys, whatever their roles', () => {
    expect(decide(apiKeyPolicy, alice, ownApiKeys('alice'), 'apikeys:manage')).toBe('allowed');
    expect(decide(apiKeyPolicy, alice, aliceKey, 'apikeys:manage')).toBe('allowed');
    expect(abilitiesOn(apiKeyPolicy, alice, aliceKey)).toEqual(['apikeys:manage']);
  });

  it("hides another user's key: not found, never forbidden — platform admins included", () => {
    expect(decide(apiKeyPolicy, platformAdmin, aliceKey, 'apikeys:manage')).toBe('not_found');
    expect(() => enforce(apiKeyPolicy, platformAdmin, aliceKey)).toThrow(
      new NotFoundError('api key', 'The API key does not exist or you cannot see it.'),
    );
  });

  it('answers not found for a missing key', () => {
    expect(decide(apiKeyPolicy, alice, null, 'apikeys:manage')).toBe('not_found');
  });

  it('refuses a request made with an API key, whatever its scopes (403)', () => {
    const viaKey = makeSubject({ userId: 'alice', apiKeyScopes: ['deployments:write', 'org:write'] });
    expect(decide(apiKeyPolicy, viaKey, ownApiKeys('alice'), 'apikeys:manage')).toBe('forbidden');
    expect(() => enforce(apiKeyPolicy, viaKey, aliceKey, 'apikeys:manage')).toThrow(ForbiddenError);
    expect(abilitiesOn(apiKeyPolicy, viaKey, aliceKey)).toEqual([]);
  });
});
