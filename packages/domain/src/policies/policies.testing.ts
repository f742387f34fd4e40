import type { TeamRole } from '../roles';
import { makeSubject, type Subject } from '../subject';

/** Test fixture: the team `team-1` of org `org-1` (client `client-a`), and a deployment of it. */
export const TEAM_ONE_DEPLOYMENT = { id: 'dep-1', orgId: 'org-1', teamId: 'team-1', clientId: 'client-a' };

/** Test fixture: a user with `role` in `team-1` of `org-1`; with `apiKeyScopes`, acting through such an API key. */
export function teamOneMember(userId: string, role: TeamRole, apiKeyScopes?: readonly string[]): Subject {
  return makeSubject({
    userId,
    teamRoles: { 'team-1': [role, 'org-1'] },
    ...(apiKeyScopes ? { apiKeyScopes } : {}),
  });
}
