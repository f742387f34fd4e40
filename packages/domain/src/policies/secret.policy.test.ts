import { describe, expect, it } from 'vitest';
import { abilitiesOn, decide } from '../policy';
import { makeSubject } from '../subject';
import { TEAM_ONE_DEPLOYMENT, expectDecisions, teamOneMember } from './policies.testing';
import { deploymentSecretsPolicy, orgSecretsPolicy, secretPolicy } from './secret.policy';

const org = { id: 'org-1', clientId: 'client-a' };
const deployment = TEAM_ONE_DEPLOYMENT;

const owner = makeSubject({ userId: 'owner', orgRoles: { 'org-1': 'org_owner' } });
const member = makeSubject({ userId: 'member', orgRoles: { 'org-1': 'org_member' } });
const teamAdmin = teamOneMember('ta', 'team_admin');
const developer = teamOneMember('dev', 'developer');
const viewer = teamOneMember('viewer', 'viewer');
const otherTeam = makeSubject({ userId: 'other', teamRoles: { 'team-2': ['team_admin', 'org-1'] } });
const outsider = makeSubject({ userId: 'outsider', orgRoles: { 'org-9': 'org_owner' } });
const otherClientAdmin = makeSubject({ userId: 'cb', clientAdminOf: 'client-b' });

describe('secretPolicy', () => {
  it('picks the org policy for the organization tier, the deployment policy otherwise', () => {
    expect(secretPolicy('organization')).toBe(orgSecretsPolicy);
    expect(secretPolicy('deployment')).toBe(deploymentSecretsPolicy);
    expect(secretPolicy('service')).toBe(deploymentSecretsPolicy);
  });

  it('organization tier: anyone with a part in the org sees it; only owners/admins read and write', () => {
    expect(decide(orgSecretsPolicy, owner, org, 'org:secrets:write')).toBe('allowed');
    // A team role does not reach the org tier: the org is known, its secrets are not theirs.
    expectDecisions(orgSecretsPolicy, org, [
      [teamAdmin, 'secrets:read', 'forbidden'],
      [teamAdmin, 'org:secrets:write', 'forbidden'],
      [member, 'secrets:read', 'forbidden'],
      [viewer, 'secrets:read', 'forbidden'],
    ]);
    expect(abilitiesOn(orgSecretsPolicy, owner, org)).toEqual(['secrets:read', 'org:secrets:write']);
    expect(abilitiesOn(orgSecretsPolicy, developer, org)).toEqual([]);
  });

  it('organization tier: another org, another client’s admin: not found', () => {
    expect(decide(orgSecretsPolicy, outsider, org, 'secrets:read')).toBe('not_found');
    expect(decide(orgSecretsPolicy, otherClientAdmin, org, 'secrets:read')).toBe('not_found');
    expect(decide(orgSecretsPolicy, owner, null, 'secrets:read')).toBe('not_found');
  });

  it('deployment tier: its team and the org’s owners/admins; an org member or another team: not found', () => {
    expectDecisions(deploymentSecretsPolicy, deployment, [
      [teamAdmin, 'secrets:write', 'allowed'],
      [owner, 'secrets:write', 'allowed'],
      [developer, 'secrets:read', 'allowed'],
      [developer, 'secrets:write', 'forbidden'],
      [viewer, 'secrets:read', 'forbidden'],
    ]);
    for (const s of [member, otherTeam, outsider, otherClientAdmin])
      expect(decide(deploymentSecretsPolicy, s, deployment, 'secrets:read')).toBe('not_found');
    expect(abilitiesOn(deploymentSecretsPolicy, teamAdmin, deployment)).toEqual([
      'secrets:read',
      'secrets:write',
    ]);
  });

  it('an API key narrows to its scopes: forbidden without them, never visible beyond the roles', () => {
    const readKey = teamOneMember('ta', 'team_admin', ['secrets:read']);
    expect(decide(deploymentSecretsPolicy, readKey, deployment, 'secrets:read')).toBe('allowed');
    expect(decide(deploymentSecretsPolicy, readKey, deployment, 'secrets:write')).toBe('forbidden');
    const writeKey = teamOneMember('dev', 'developer', ['secrets:write']);
    expect(decide(deploymentSecretsPolicy, writeKey, deployment, 'secrets:write')).toBe('forbidden');
    const outsiderKey = makeSubject({ userId: 'outsider', apiKeyScopes: ['secrets:write'] });
    expect(decide(deploymentSecretsPolicy, outsiderKey, deployment, 'secrets:read')).toBe('not_found');
  });
});
