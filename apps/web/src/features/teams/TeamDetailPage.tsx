import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Team, TeamMember, TeamRole } from '@k8s-scheduler/contracts';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { BackLink } from '../../components/ui/BackLink';
import { DeleteButton } from '../../components/ui/DeleteButton';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { PageHeader } from '../../components/ui/PageHeader';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { CardSection } from '../../components/ui/CardSection';
import { can } from '../../lib/abilities';
import { PageQueryState, QueryState } from '../../components/QueryState';
import { useSignedInUser } from '../session/meContext';
import { AddMemberForm } from './components/AddMemberForm';
import { MemberRow } from './components/MemberRow';
import { PendingInvitations } from './components/PendingInvitations';
import { useCurrentTeam } from './useCurrentTeam';
import { useDeleteTeam, useRemoveTeamMember, useTeam, useTeamMembers, useUpdateTeamMember } from './useTeams';

const teamRoles: TeamRole[] = ['team_admin', 'developer', 'viewer'];

export function TeamDetailPage() {
  const { teamId = '' } = useParams();
  const team = useTeam(teamId);
  return (
    <PageQueryState query={team} thing="team">
      {(data) => <TeamView team={data} />}
    </PageQueryState>
  );
}

function TeamView({ team }: { team: Team }) {
  const me = useSignedInUser();
  const navigate = useNavigate();
  const { team: current, setTeamId, switching } = useCurrentTeam();
  const org = me.orgs.find((o) => o.id === team.orgId);
  const deleteTeam = useDeleteTeam();

  return (
    <>
      <PageHeader
        title={team.name}
        description={org ? `Team of ${org.name}` : 'Team'}
        actions={
          <>
            {current?.id !== team.id && me.teams.some((t) => t.id === team.id) ? (
              <button
                type="button"
                className={buttonClass('secondary')}
                disabled={switching}
                onClick={() => setTeamId(team.id)}
              >
                Work in this team
              </button>
            ) : null}
            {can(team, 'team:delete') ? (
              <DeleteButton
                label="Delete team"
                title={`Delete ${team.name}?`}
                confirmLabel="Delete team"
                mutation={deleteTeam}
                onConfirm={(close) =>
                  deleteTeam.mutate(team.id, {
                    onSuccess: () => {
                      close();
                      void navigate('/teams', { replace: true });
                    },
                  })
                }
              >
                The team and its memberships are removed. Teams that still have deployments cannot be deleted.
              </DeleteButton>
            ) : null}
          </>
        }
      />
      <BackLink to="/teams">All teams</BackLink>

      <Members team={team} />
    </>
  );
}

function Members({ team }: { team: Team }) {
  const me = useSignedInUser();
  const members = useTeamMembers(team.id);
  const update = useUpdateTeamMember(team.id);
  const remove = useRemoveTeamMember(team.id);
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const manage = can(team, 'team:members:manage');

  return (
    <div className="space-y-6">
      {manage ? (
        <section aria-labelledby="add-member" className={`${cardClass} p-5`}>
          <h2 id="add-member" className="mb-3 font-semibold text-slate-900">
            Add a member
          </h2>
          <AddMemberForm teamId={team.id} orgId={team.orgId} />
        </section>
      ) : null}
      {manage ? <PendingInvitations orgId={team.orgId} teamId={team.id} /> : null}

      <CardSection id="members" title="Members">
        <div aria-live="polite">
          {update.isError ? (
            <div className="px-5 pt-4">
              <ErrorNotice error={update.error} title="Could not change the role" />
            </div>
          ) : null}
        </div>
        <QueryState
          query={members}
          loadingLabel="Loading members"
          errorTitle="Could not load the members"
          className="p-5"
          empty={
            <p className="px-5 py-4 text-sm text-slate-600">
              Nobody has an explicit role in this team yet. Organization owners and admins manage it through
              their org role.
            </p>
          }
        >
          {(list) => (
            <ul className="divide-y divide-slate-100">
              {list.map((m) => (
                <MemberRow
                  key={m.userId}
                  member={m}
                  isMe={m.userId === me.user.id}
                  roleName="Role"
                  roles={can(m, 'team:members:manage') ? teamRoles : undefined}
                  pending={update.isPending}
                  onRoleChange={(role) => update.mutate({ userId: m.userId, role })}
                  onRemove={() => setRemoving(m)}
                />
              ))}
            </ul>
          )}
        </QueryState>
      </CardSection>

      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name || removing?.email || 'member'}?`}
        confirmLabel="Remove"
        mutation={remove}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.userId, { onSuccess: () => setRemoving(null) })}
      >
        They lose access to {team.name} and its deployments.
      </ConfirmDialog>
    </div>
  );
}
