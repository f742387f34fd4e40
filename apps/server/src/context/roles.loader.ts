import { sql } from 'drizzle-orm';
import type { OrgRole, TeamRole } from '@k8s-scheduler/domain';
import type { Db } from '../db/database';

/** Every role a user holds, as kept in the authorization cache (shared between requests: never mutated). */
export interface Roles {
  orgRoles: ReadonlyMap<string, OrgRole>;
  teamRoles: ReadonlyMap<string, TeamRole>;
  /** teamId → orgId for every team in `teamRoles`. */
  teamOrgs: ReadonlyMap<string, string>;
  clientAdminOf: string | null;
}

/**
 * Every role of the user in one round trip: this runs on every authorized request that misses the
 * authorization cache. Raw SQL over the membership tables (owned by the orgs, teams and clients
 * modules) because it is the one read the authorization layer makes of them, and it must stay one query.
 */
export async function loadRoles(db: Db, userId: string): Promise<Roles> {
  type Row = {
    orgs: Array<[string, OrgRole]>;
    teams: Array<[string, TeamRole, string]>;
    client_admin: string | null;
  };
  // Both drivers (node-postgres and PGlite) answer raw queries with `{ rows }`.
  const result = (await db.execute(sql`
    select
      (select coalesce(json_agg(json_build_array(org_id, role)), '[]'::json) from org_members where user_id = ${userId}) as orgs,
      (select coalesce(json_agg(json_build_array(tm.team_id, tm.role, t.org_id)), '[]'::json)
         from team_members tm join teams t on t.id = tm.team_id where tm.user_id = ${userId}) as teams,
      (select client_id from client_admins where user_id = ${userId} limit 1) as client_admin`)) as {
    rows: Row[];
  };
  const row = result.rows[0];
  const teams = row?.teams ?? [];
  return {
    orgRoles: new Map<string, OrgRole>(row?.orgs ?? []),
    teamRoles: new Map<string, TeamRole>(teams.map(([teamId, role]) => [teamId, role])),
    teamOrgs: new Map<string, string>(teams.map(([teamId, , orgId]) => [teamId, orgId])),
    clientAdminOf: row?.client_admin ?? null,
  };
}
