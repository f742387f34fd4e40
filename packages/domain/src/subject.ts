import type { OrgRole, TeamRole } from './roles';

/** The one type of a subject's role tables: resource id → role. */
export type RoleTable<R> = ReadonlyMap<string, R>;

/** Who is acting: the user, their global and client roles, org and team roles, and API key scopes. */
export interface Subject {
  userId: string;
  isPlatformAdmin: boolean;
  /** Id of the client this user administers, if any. */
  clientAdminOf?: string | null;
  /** orgId → org role */
  orgRoles: RoleTable<OrgRole>;
  /** teamId → explicit team role */
  teamRoles: RoleTable<TeamRole>;
  /**
   * teamId → the org of that team, for every team in `teamRoles`. Lets policies answer "has a role in
   * one of the org's teams" without a query. Absent entries mean "unknown org" (never visible).
   */
  teamOrgs: RoleTable<string>;
  /** Scopes of the API key the request came with; null/undefined for a session. */
  apiKeyScopes?: readonly string[] | null;
}

/** Builds a subject from plain records (tests, fixtures); roles given as `{ id: role }`. */
export function makeSubject(input: {
  userId: string;
  isPlatformAdmin?: boolean;
  clientAdminOf?: string | null;
  orgRoles?: Readonly<Record<string, OrgRole>>;
  /** teamId → role, or teamId → [role, orgId] to record the team's org. */
  teamRoles?: Readonly<Record<string, TeamRole | readonly [TeamRole, string]>>;
  apiKeyScopes?: readonly string[] | null;
}): Subject {
  const teamRoles = new Map<string, TeamRole>();
  const teamOrgs = new Map<string, string>();
  for (const [teamId, v] of Object.entries(input.teamRoles ?? {})) {
    if (typeof v === 'string') teamRoles.set(teamId, v);
    else {
      teamRoles.set(teamId, v[0]);
      teamOrgs.set(teamId, v[1]);
    }
  }
  return {
    userId: input.userId,
    isPlatformAdmin: input.isPlatformAdmin ?? false,
    clientAdminOf: input.clientAdminOf ?? null,
    orgRoles: new Map(Object.entries(input.orgRoles ?? {})),
    teamRoles,
    teamOrgs,
    apiKeyScopes: input.apiKeyScopes ?? null,
  };
}

/** The subject's role in the org, or null. */
export const orgRoleOf = (subject: Subject, orgId: string | undefined): OrgRole | null =>
  (orgId === undefined ? undefined : subject.orgRoles.get(orgId)) ?? null;

/** The subject's explicit role in the team, or null. */
export const teamRoleOf = (subject: Subject, teamId: string | undefined): TeamRole | null =>
  (teamId === undefined ? undefined : subject.teamRoles.get(teamId)) ?? null;

/** Whether the subject owns or administers the org (which grants its permissions on every team in it). */
export const administersOrg = (subject: Subject, orgId: string): boolean => {
  const role = orgRoleOf(subject, orgId);
  return role === 'org_owner' || role === 'org_admin';
};

/** Whether the subject holds a role in at least one team of the org. */
export function hasTeamIn(subject: Subject, orgId: string): boolean {
  for (const teamId of subject.teamRoles.keys()) if (subject.teamOrgs.get(teamId) === orgId) return true;
  return false;
}

/** Ids of the orgs where the subject holds an org role. */
export const orgIdsOf = (subject: Subject): string[] => [...subject.orgRoles.keys()];

/** Ids of the orgs the subject has any part in: an org role or a role in one of its teams. */
export function memberOrgIdsOf(subject: Subject): string[] {
  const ids = new Set(subject.orgRoles.keys());
  for (const orgId of subject.teamOrgs.values()) ids.add(orgId);
  return [...ids];
}

/** Ids of the orgs the subject owns or administers. */
export const administeredOrgIdsOf = (subject: Subject): string[] =>
  [...subject.orgRoles.entries()].filter(([, r]) => r !== 'org_member').map(([id]) => id);
