import { describe, expect, it } from 'vitest';
import type { Me } from '@k8s-scheduler/contracts';
import { groupTeamsByOrg, pickCurrentTeam } from './currentTeam';
import { effectiveTeamRole } from './roles';

const orgA = {
  id: 'a0000000-0000-4000-8000-000000000001',
  name: 'Acme',
  slug: 'acme',
  tier: 'business' as const,
  role: 'org_member' as const,
};
const orgB = {
  id: 'b0000000-0000-4000-8000-000000000002',
  name: 'Beta',
  slug: 'beta',
  tier: 'free' as const,
  role: 'org_admin' as const,
};
const team = (id: string, orgId: string, role: Me['teams'][number]['role']) => ({
  id,
  orgId,
  name: `Team ${id}`,
  slug: id,
  role,
});
const t1 = team('t1', orgA.id, 'developer');
const t2 = team('t2', orgA.id, 'viewer');
const t3 = team('t3', orgB.id, null);

describe('pickCurrentTeam', () => {
  it('uses the session team while the user belongs to it', () => {
    expect(pickCurrentTeam([t1, t2], 't2')).toBe(t2);
  });

  it('falls back to the first team when the session team is gone or unset, or to none', () => {
    expect(pickCurrentTeam([t1, t2], 'gone')).toBe(t1);
    expect(pickCurrentTeam([t1, t2], null)).toBe(t1);
    expect(pickCurrentTeam([], 't1')).toBeNull();
  });
});

describe('groupTeamsByOrg', () => {
  it('groups teams under their organization and drops organizations without teams', () => {
    const orgC = { ...orgA, id: 'c0000000-0000-4000-8000-000000000003', name: 'Empty' };
    const groups = groupTeamsByOrg({ orgs: [orgA, orgB, orgC], teams: [t1, t3, t2] });
    expect(groups.map((g) => [g.orgName, g.teams.map((t) => t.id)])).toEqual([
      ['Acme', ['t1', 't2']],
      ['Beta', ['t3']],
    ]);
  });
});

describe('effectiveTeamRole', () => {
  it('uses the explicit team role for plain org members', () => {
    expect(effectiveTeamRole({ orgs: [orgA] }, t2)).toEqual({ role: 'viewer', via: 'team' });
  });

  it('makes org owners and admins team admins of every team of their org', () => {
    expect(effectiveTeamRole({ orgs: [orgB] }, t3)).toEqual({ role: 'team_admin', via: 'org' });
  });
});
