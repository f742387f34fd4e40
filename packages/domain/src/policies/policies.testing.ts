import { expect } from 'vitest';
import type { Permission } from '../permissions';
import { decide, type Decision, type Policy } from '../policy';
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

/** Test helper: asserts `decide(policy, subject, resource, permission)` for each row `[subject, permission, expected]`. */
export function expectDecisions<R>(
  policy: Policy<R>,
  resource: R | null,
  rows: ReadonlyArray<readonly [Subject, Permission, Decision]>,
): void {
  for (const [subject, permission, expected] of rows) {
    expect(decide(policy, subject, resource, permission), `${subject.userId} ${permission}`).toBe(expected);
  }
}
