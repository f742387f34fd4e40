import { describe, expect, it } from 'vitest';
import { abilitiesOn, decide } from '../policy';
import { makeSubject } from '../subject';
import { TEAM_ONE_DEPLOYMENT, expectDecisions, teamOneMember } from './policies.testing';
import { deploymentPolicy } from './deployment.policy';
import { workspacePolicy } from './team.policy';

const deployment = TEAM_ONE_DEPLOYMENT;
const team = { id: 'team-1', orgId: 'org-1', clientId: 'client-a' };

const admin = makeSubject({ userId: 'admin', orgRoles: { 'org-1': 'org_admin' } });
const member = makeSubject({ userId: 'member', orgRoles: { 'org-1': 'org_member' } });
const developer = teamOneMember('dev', 'developer');
const viewer = teamOneMember('viewer', 'viewer');
const otherTeam = makeSubject({ userId: 'other', teamRoles: { 'team-2': ['team_admin', 'org-1'] } });
const clientAdmin = makeSubject({ userId: 'ca', clientAdminOf: 'client-a' });
const platformAdmin = makeSubject({ userId: 'root', isPlatformAdmin: true });

describe('deploymentPolicy and workspacePolicy', () => {
  it('visible to the team and the org’s owners/admins (and platform admins); guarded by role', () => {
    expectDecisions(deploymentPolicy, deployment, [
      [developer, 'deploy:update', 'allowed'],
      [admin, 'deploy:delete', 'allowed'],
      [platformAdmin, 'deploy:delete', 'allowed'],
      [viewer, 'deploy:read', 'allowed'],
      [viewer, 'deploy:update', 'forbidden'],
    ]);
  });

  it('an org member of another team, another team, a client admin: not found (no existence leak)', () => {
    for (const s of [member, otherTeam, clientAdmin]) {
      expect(decide(deploymentPolicy, s, deployment, 'deploy:read')).toBe('not_found');
      expect(decide(workspacePolicy, s, team, 'deploy:read')).toBe('not_found');
    }
    expect(decide(deploymentPolicy, developer, null)).toBe('not_found');
  });

  it('an API key without deployments scopes: forbidden, abilities narrowed', () => {
    const key = teamOneMember('dev', 'developer', ['deployments:read']);
    expect(decide(deploymentPolicy, key, deployment, 'deploy:read')).toBe('allowed');
    expect(decide(deploymentPolicy, key, deployment, 'deploy:update')).toBe('forbidden');
    expect(decide(workspacePolicy, key, team, 'deploy:create')).toBe('forbidden');
    expect(abilitiesOn(deploymentPolicy, key, deployment)).toContain('deploy:read');
    expect(abilitiesOn(deploymentPolicy, key, deployment)).not.toContain('deploy:update');
  });
});
