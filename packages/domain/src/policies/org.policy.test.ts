import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../errors';
import { abilitiesOn, decide, enforce } from '../policy';
import { makeSubject } from '../subject';
import { invitationGuard, managesInvitation, orgMemberAbilities, orgPolicy } from './org.policy';

const org = { id: 'o1', clientId: 'c1' };
const platformOrg = { id: 'o2', clientId: null };

describe('orgPolicy', () => {
  it('is visible to its members and to members of one of its teams', () => {
    expect(decide(orgPolicy, makeSubject({ userId: 'u', orgRoles: { o1: 'org_member' } }), org)).toBe(
      'allowed',
    );
    const viaTeam = makeSubject({ userId: 'u', teamRoles: { t1: ['viewer', 'o1'] } });
    expect(decide(orgPolicy, viaTeam, org)).toBe('allowed');
    // A team role in another org says nothing about this one.
    const elsewhere = makeSubject({ userId: 'u', teamRoles: { t9: ['team_admin', 'o9'] } });
    expect(decide(orgPolicy, elsewhere, org)).toBe('not_found');
  });

  it('answers not found, never forbidden, to someone with no part in the org (and for a missing one)', () => {
    const stranger = makeSubject({ userId: 'u', orgRoles: { o9: 'org_owner' } });
    expect(decide(orgPolicy, stranger, org, 'org:read')).toBe('not_found');
    expect(() => enforce(orgPolicy, stranger, org, 'org:delete')).toThrow(NotFoundError);
    expect(() => enforce(orgPolicy, stranger, null)).toThrow(orgPolicy.notFound);
  });

  it('forbids what the role does not grant on a visible org', () => {
    const member = makeSubject({ userId: 'u', orgRoles: { o1: 'org_member' } });
    expect(decide(orgPolicy, member, org, 'org:read')).toBe('allowed');
    expect(decide(orgPolicy, member, org, 'org:update')).toBe('forbidden');
    expect(() => enforce(orgPolicy, member, org, 'org:members:manage')).toThrow(ForbiddenError);
    const viaTeam = makeSubject({ userId: 'u', teamRoles: { t1: ['team_admin', 'o1'] } });
    expect(decide(orgPolicy, viaTeam, org, 'org:read')).toBe('forbidden');
  });

  it("lets a client admin see its client's orgs (read, tier) but not another client's or the platform's", () => {
    const admin = makeSubject({ userId: 'u', clientAdminOf: 'c1' });
    expect(decide(orgPolicy, admin, org, 'org:read')).toBe('allowed');
    expect(decide(orgPolicy, admin, org, 'org:tier:set')).toBe('allowed');
    expect(decide(orgPolicy, admin, org, 'org:members:manage')).toBe('forbidden');
    expect(abilitiesOn(orgPolicy, admin, org)).toEqual(['org:read', 'org:tier:set', 'billing:read']);
    expect(decide(orgPolicy, admin, { id: 'o3', clientId: 'c2' }, 'org:read')).toBe('not_found');
    expect(decide(orgPolicy, admin, platformOrg)).toBe('not_found');
  });

  it('lets a platform admin see and do everything', () => {
    const root = makeSubject({ userId: 'u', isPlatformAdmin: true });
    expect(decide(orgPolicy, root, platformOrg, 'org:delete')).toBe('allowed');
    expect(abilitiesOn(orgPolicy, root, org)).toHaveLength(orgPolicy.abilities.length);
  });

  it('narrows an owner to the scopes of the API key', () => {
    const readOnly = makeSubject({ userId: 'u', orgRoles: { o1: 'org_owner' }, apiKeyScopes: ['org:read'] });
    expect(decide(orgPolicy, readOnly, org, 'org:read')).toBe('allowed');
    expect(decide(orgPolicy, readOnly, org, 'org:update')).toBe('forbidden');
    expect(() => enforce(orgPolicy, readOnly, org, 'org:update')).toThrow(
      /API key lacks the scope org:write/,
    );
    expect(abilitiesOn(orgPolicy, readOnly, org)).toEqual(['org:read']);
    // A key never widens: visibility still comes from the roles.
    const keyOfStranger = makeSubject({ userId: 'u', apiKeyScopes: ['org:write'] });
    expect(decide(orgPolicy, keyOfStranger, org, 'org:read')).toBe('not_found');
  });
});

describe('orgMemberAbilities', () => {
  const owner = makeSubject({ userId: 'u', orgRoles: { o1: 'org_owner' } });
  const admin = makeSubject({ userId: 'u', orgRoles: { o1: 'org_admin' } });
  it('lets the owner manage and hand ownership to a non-owner, and nobody touch the owner row', () => {
    expect(orgMemberAbilities(owner, org, 'org_member')).toEqual(['org:members:manage', 'org:transfer']);
    expect(orgMemberAbilities(admin, org, 'org_admin')).toEqual(['org:members:manage']);
    expect(orgMemberAbilities(owner, org, 'org_owner')).toEqual([]);
    expect(
      orgMemberAbilities(makeSubject({ userId: 'u', orgRoles: { o1: 'org_member' } }), org, 'org_member'),
    ).toEqual([]);
  });
});

describe('invitations', () => {
  const teamAdmin = makeSubject({ userId: 'u', teamRoles: { t1: ['team_admin', 'o1'] } });
  const orgAdmin = makeSubject({ userId: 'u', orgRoles: { o1: 'org_admin' } });
  it('are managed on their team by its team admins when they grant org_member only', () => {
    expect(invitationGuard(org, { teamId: 't1', orgRole: 'org_member' })).toEqual({
      permission: 'team:members:manage',
      scope: { clientId: 'c1', orgId: 'o1', teamId: 't1' },
    });
    expect(managesInvitation(teamAdmin, org, { teamId: 't1', orgRole: 'org_member' })).toBe(true);
    expect(managesInvitation(teamAdmin, org, { teamId: 't2', orgRole: 'org_member' })).toBe(false);
  });
  it('need org:members:manage when org-only or granting org_admin', () => {
    expect(managesInvitation(teamAdmin, org, { teamId: null, orgRole: 'org_member' })).toBe(false);
    expect(managesInvitation(teamAdmin, org, { teamId: 't1', orgRole: 'org_admin' })).toBe(false);
    expect(managesInvitation(orgAdmin, org, { teamId: null, orgRole: 'org_admin' })).toBe(true);
    const keyed = makeSubject({ userId: 'u', orgRoles: { o1: 'org_owner' }, apiKeyScopes: ['org:read'] });
    expect(managesInvitation(keyed, org, { teamId: null, orgRole: 'org_member' })).toBe(false);
  });
});
