import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../errors';
import { abilitiesOn, decide, enforce } from '../policy';
import { makeSubject } from '../subject';
import { teamMemberAbilities, teamPolicy, workspacePolicy } from './team.policy';

const team = { id: 't1', orgId: 'o1', clientId: 'c1' };

describe('teamPolicy', () => {
  it('is visible to whoever may know its org, and the role decides the rest', () => {
    const orgMember = makeSubject({ userId: 'u', orgRoles: { o1: 'org_member' } });
    expect(decide(teamPolicy, orgMember, team)).toBe('allowed');
    expect(decide(teamPolicy, orgMember, team, 'team:read')).toBe('forbidden');
    const otherTeam = makeSubject({ userId: 'u', teamRoles: { t2: ['viewer', 'o1'] } });
    expect(decide(teamPolicy, otherTeam, team, 'team:read')).toBe('forbidden');
    const viewer = makeSubject({ userId: 'u', teamRoles: { t1: ['viewer', 'o1'] } });
    expect(decide(teamPolicy, viewer, team, 'team:read')).toBe('allowed');
    expect(() => enforce(teamPolicy, viewer, team, 'team:members:manage')).toThrow(ForbiddenError);
  });

  it("answers not found for a missing team and for another org's or client's", () => {
    const stranger = makeSubject({ userId: 'u', orgRoles: { o9: 'org_owner' } });
    expect(decide(teamPolicy, stranger, team, 'team:read')).toBe('not_found');
    expect(() => enforce(teamPolicy, stranger, undefined)).toThrow(NotFoundError);
    const otherClientAdmin = makeSubject({ userId: 'u', clientAdminOf: 'c2' });
    expect(decide(teamPolicy, otherClientAdmin, team)).toBe('not_found');
  });

  it("lets a client admin read its client's teams but not manage their members", () => {
    const admin = makeSubject({ userId: 'u', clientAdminOf: 'c1' });
    expect(decide(teamPolicy, admin, team, 'team:read')).toBe('allowed');
    expect(decide(teamPolicy, admin, team, 'team:members:manage')).toBe('forbidden');
    expect(abilitiesOn(teamPolicy, admin, team)).toEqual(['team:read']);
    // The team's deployments are not theirs to see.
    expect(decide(workspacePolicy, admin, team)).toBe('not_found');
  });

  it('narrows a team admin to the scopes of the API key', () => {
    const keyed = makeSubject({
      userId: 'u',
      teamRoles: { t1: ['team_admin', 'o1'] },
      apiKeyScopes: ['teams:read'],
    });
    expect(decide(teamPolicy, keyed, team, 'team:read')).toBe('allowed');
    expect(decide(teamPolicy, keyed, team, 'team:members:manage')).toBe('forbidden');
    expect(() => enforce(teamPolicy, keyed, team, 'team:members:manage')).toThrow(/API key lacks the scope/);
  });
});

describe('teamMemberAbilities', () => {
  it('offers member management to team admins and org owners/admins only', () => {
    const teamAdmin = makeSubject({ userId: 'u', teamRoles: { t1: ['team_admin', 'o1'] } });
    const orgAdmin = makeSubject({ userId: 'u', orgRoles: { o1: 'org_admin' } });
    const developer = makeSubject({ userId: 'u', teamRoles: { t1: ['developer', 'o1'] } });
    expect(teamMemberAbilities(teamAdmin, team)).toEqual(['team:members:manage']);
    expect(teamMemberAbilities(orgAdmin, team)).toEqual(['team:members:manage']);
    expect(teamMemberAbilities(developer, team)).toEqual([]);
  });
});
