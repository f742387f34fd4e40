import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../errors';
import { abilitiesOn, decide, enforce } from '../policy';
import { makeSubject } from '../subject';
import { authorizeClientList, clientPolicy } from './client.policy';

const acme = { id: 'client-acme' };
const globex = { id: 'client-globex' };
const platformAdmin = makeSubject({ userId: 'root', isPlatformAdmin: true });
const acmeAdmin = makeSubject({ userId: 'ca', clientAdminOf: acme.id });
const orgOwner = makeSubject({ userId: 'owner', orgRoles: { 'org-1': 'org_owner' } });

describe('clientPolicy', () => {
  it('shows every client to platform admins, with every ability', () => {
    expect(decide(clientPolicy, platformAdmin, globex, 'client:delete')).toBe('allowed');
    expect(abilitiesOn(clientPolicy, platformAdmin, acme)).toEqual([
      'client:read',
      'client:update',
      'client:delete',
    ]);
  });

  it('shows a client admin its own client: read and update, not delete', () => {
    expect(decide(clientPolicy, acmeAdmin, acme, 'client:update')).toBe('allowed');
    expect(decide(clientPolicy, acmeAdmin, acme, 'client:delete')).toBe('forbidden');
    expect(decide(clientPolicy, acmeAdmin, acme, 'client:create')).toBe('forbidden');
    expect(abilitiesOn(clientPolicy, acmeAdmin, acme)).toEqual(['client:read', 'client:update']);
  });

  it('hides another client from a client admin: not found, never forbidden', () => {
    expect(decide(clientPolicy, acmeAdmin, globex, 'client:read')).toBe('not_found');
    expect(() => enforce(clientPolicy, acmeAdmin, globex, 'client:read')).toThrow(NotFoundError);
  });

  it('hides every client from tenant roles, and a missing client from everyone', () => {
    expect(decide(clientPolicy, orgOwner, acme)).toBe('not_found');
    expect(decide(clientPolicy, platformAdmin, null)).toBe('not_found');
    expect(() => enforce(clientPolicy, platformAdmin, undefined)).toThrow(
      'The client does not exist or you cannot see it.',
    );
  });

  it('refuses API keys even for platform admins (client permissions have no key scope)', () => {
    const viaKey = makeSubject({ userId: 'root', isPlatformAdmin: true, apiKeyScopes: ['org:write'] });
    expect(decide(clientPolicy, viaKey, acme, 'client:read')).toBe('forbidden');
    expect(abilitiesOn(clientPolicy, viaKey, acme)).toEqual([]);
  });
});

describe('authorizeClientList', () => {
  it('lists every client for platform admins and its own for a client admin', () => {
    expect(authorizeClientList(platformAdmin)).toEqual({ all: true });
    expect(authorizeClientList(acmeAdmin)).toEqual({ all: false, clientId: acme.id });
  });

  it('refuses everyone else with 403 (the list is no tenant resource)', () => {
    expect(() => authorizeClientList(orgOwner)).toThrow(
      new ForbiddenError('Only platform and client admins can list clients.', 'client:read'),
    );
  });

  it('refuses API keys, naming the key as the reason', () => {
    const viaKey = makeSubject({ userId: 'root', isPlatformAdmin: true, apiKeyScopes: ['org:read'] });
    expect(() => authorizeClientList(viaKey)).toThrow(/This API key lacks the scope/);
    const adminKey = makeSubject({ userId: 'ca', clientAdminOf: acme.id, apiKeyScopes: ['org:read'] });
    expect(() => authorizeClientList(adminKey)).toThrow(ForbiddenError);
  });
});
