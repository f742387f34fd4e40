import { sql } from 'drizzle-orm';
import type { Me } from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import { toUserDto } from '../users/users.repo';
import type { AuthContext } from '../auth/auth.plugin';

type Row = { orgs: Me['orgs']; teams: Me['teams']; clients: Me['administeredClients'] };

/**
 * The signed-in user with every org and team they can act in. Teams come from explicit team
 * membership and, for org owners/admins, from every team of their orgs (they act as team_admin).
 * Also the clients the user administers (client_admin), for the admin pages.
 * One round trip: the SPA asks for this on every page load.
 */
export async function loadMe(db: Db, auth: AuthContext, devMode: boolean): Promise<Me> {
  const userId = auth.user.id;
  // Both drivers (node-postgres and PGlite) answer raw queries with `{ rows }` and parse json.
  const result = (await db.execute(sql`
    select
      (select coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'tier', o.tier, 'role', m.role) order by o.name), '[]'::json)
         from org_members m join organizations o on o.id = m.org_id
        where m.user_id = ${userId}) as orgs,
      (select coalesce(json_agg(x), '[]'::json) from (
         select t.id, t.org_id as "orgId", t.name, t.slug, tm.role
           from team_members tm join teams t on t.id = tm.team_id
          where tm.user_id = ${userId}
         union all
         select t.id, t.org_id, t.name, t.slug, null
           from org_members m join teams t on t.org_id = m.org_id
          where m.user_id = ${userId} and m.role <> 'org_member'
            and not exists (select 1 from team_members e where e.team_id = t.id and e.user_id = ${userId})
       ) x) as teams,
      (select coalesce(json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) order by c.slug), '[]'::json)
         from client_admins ca join clients c on c.id = ca.client_id
        where ca.user_id = ${userId}) as clients`)) as { rows: Row[] };
  const row = result.rows[0];
  const orgs = row?.orgs ?? [];
  const teamList = [...(row?.teams ?? [])].sort((a, b) => a.name.localeCompare(b.name));

  const sessionTeam = auth.session?.currentTeamId ?? null;
  const currentTeamId = teamList.some((t) => t.id === sessionTeam) ? sessionTeam : (teamList[0]?.id ?? null);
  return {
    user: toUserDto(auth.user),
    orgs,
    teams: teamList,
    currentTeamId,
    administeredClients: row?.clients ?? [],
    devMode,
  };
}
