import type { Me } from '@k8s-scheduler/contracts';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import type { AuthContext } from '../auth/auth.types';
import { administeredClientsOf } from '../clients/clients.repo';
import { orgsOfUser } from '../orgs/orgs.repo';
import { listOrgTeams, teamsOfUser } from '../teams/teams.repo';
import { toUserDto } from '../users/users.repo';

/**
 * The user of `auth` with every org and team they can act in. Teams come from explicit team
 * membership and, for org owners/admins, from every team of their orgs (they act as team_admin).
 * Also the clients the user administers (client_admin), for the admin pages. Dev sign-in answers
 * this for the user it just signed in.
 */
export async function loadMe(db: Db, auth: AuthContext, devMode: boolean): Promise<Me> {
  const userId = auth.user.id;
  const [orgs, explicitTeams, clients] = await Promise.all([
    orgsOfUser(db, userId),
    teamsOfUser(db, userId),
    administeredClientsOf(db, userId),
  ]);
  const administered = orgs.filter((o) => o.role !== 'org_member').map((o) => o.id);
  const explicit = new Set(explicitTeams.map((t) => t.id));
  const viaOrg = (await listOrgTeams(db, administered))
    .filter((t) => !explicit.has(t.id))
    .map((t) => ({ id: t.id, orgId: t.orgId, name: t.name, slug: t.slug, role: null }));
  const teams = [...explicitTeams, ...viaOrg].sort((a, b) => a.name.localeCompare(b.name));

  const sessionTeam = auth.session?.currentTeamId ?? null;
  const currentTeamId = teams.some((t) => t.id === sessionTeam) ? sessionTeam : (teams[0]?.id ?? null);
  return {
    user: toUserDto(auth.user),
    orgs,
    teams,
    currentTeamId,
    administeredClients: clients,
    devMode,
  };
}

export function createMeService(deps: { db: Db; devMode: boolean }) {
  return {
    /** The signed-in user, their orgs, teams and roles (the SPA asks on every page load). */
    get: (ctx: RequestContext): Promise<Me> => loadMe(deps.db, ctx.principal(), deps.devMode),
  };
}
