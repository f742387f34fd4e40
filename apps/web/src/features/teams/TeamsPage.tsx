import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { TeamsIcon } from '../../components/ui/icons';
import { cardClass } from '../../components/ui/styles';
import { useSignedInUser } from '../session/meContext';
import { groupTeamsByOrg } from './currentTeam';
import { effectiveTeamRole, roleLabel, tierLabel } from './roles';

export function TeamsPage() {
  const me = useSignedInUser();
  const groups = groupTeamsByOrg(me);
  const orgsWithoutTeams = me.orgs.filter((o) => !groups.some((g) => g.orgId === o.id));

  return (
    <>
      <PageHeader title="Teams" description="Organizations you belong to, their teams and your role in each." />
      {me.orgs.length === 0 && me.teams.length === 0 ? (
        <EmptyState icon={<TeamsIcon />} title="You are not a member of any organization">
          Ask a team admin to invite you by email; the invitation link signs you in and adds you to their team. Creating your own
          organization and teams will be possible from this page.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {groups.map((group) => {
            const org = me.orgs.find((o) => o.id === group.orgId);
            return (
              <section key={group.orgId} aria-labelledby={`org-${group.orgId}`} className={cardClass}>
                <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-5 py-4">
                  <h2 id={`org-${group.orgId}`} className="font-semibold text-slate-900">
                    {group.orgName}
                  </h2>
                  {org ? (
                    <p className="text-sm text-slate-500">
                      {roleLabel(org.role)} · {tierLabel(org.tier)} plan
                    </p>
                  ) : null}
                </header>
                <ul className="divide-y divide-slate-100">
                  {group.teams.map((team) => {
                    const access = effectiveTeamRole(me, team);
                    return (
                      <li key={team.id} className="flex flex-wrap items-center justify-between gap-2 px-5 py-3 text-sm">
                        <span className="font-medium text-slate-900">{team.name}</span>
                        <span className="text-slate-600">
                          {access.role ? roleLabel(access.role) : 'No team role'}
                          {access.via === 'org' ? ' (through the organization)' : ''}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </section>
            );
          })}
          {orgsWithoutTeams.map((org) => (
            <section key={org.id} className={`${cardClass} px-5 py-4`} aria-label={org.name}>
              <h2 className="font-semibold text-slate-900">{org.name}</h2>
              <p className="mt-1 text-sm text-slate-600">
                {roleLabel(org.role)} · {tierLabel(org.tier)} plan · no teams yet. Teams hold deployments and their members.
              </p>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
