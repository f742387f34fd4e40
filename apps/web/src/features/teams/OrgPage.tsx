import { useId, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Org, OrgMember, OrgRole } from '@k8s-scheduler/contracts';
import { PageQueryState, QueryState } from '../../components/QueryState';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { BackLink } from '../../components/ui/BackLink';
import { DeleteButton } from '../../components/ui/DeleteButton';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { PageHeader } from '../../components/ui/PageHeader';
import { buttonClass, cardClass, inputClass, labelClass } from '../../components/ui/styles';
import { CardSection } from '../../components/ui/CardSection';
import { can } from '../../lib/abilities';
import { useSignedInUser } from '../session/meContext';
import { MemberRow } from './components/MemberRow';
import { roleLabel, tierLabel } from './roles';
import { useOrg, useOrgActions, useOrgMembers } from './useTeams';

type AssignableRole = Exclude<OrgRole, 'org_owner'>;
const assignable: AssignableRole[] = ['org_admin', 'org_member'];

/** Organization settings: its name, plan, members and their org roles; delete for the owner. */
export function OrgPage() {
  const { orgId = '' } = useParams();
  const org = useOrg(orgId);
  return (
    <PageQueryState query={org} thing="organization">
      {(data) => <OrgView key={data.id} org={data} />}
    </PageQueryState>
  );
}

function OrgView({ org }: { org: Org }) {
  const navigate = useNavigate();
  const actions = useOrgActions(org.id);
  const [name, setName] = useState(org.name);
  const nameId = useId();

  return (
    <>
      <PageHeader
        title={org.name}
        description={`${tierLabel(org.tier)} plan${org.role ? ` · you are ${roleLabel(org.role).toLowerCase()}` : ''}`}
        actions={
          can(org, 'org:delete') ? (
            <DeleteButton
              label="Delete organization"
              title={`Delete ${org.name}?`}
              confirmLabel="Delete organization"
              mutation={actions.remove}
              onConfirm={(close) =>
                actions.remove.mutate(undefined, {
                  onSuccess: () => {
                    close();
                    void navigate('/teams', { replace: true });
                  },
                })
              }
            >
              Its teams, memberships, secrets and templates go with it. Organizations that still run
              deployments cannot be deleted.
            </DeleteButton>
          ) : null
        }
      />
      <BackLink to="/teams">Teams</BackLink>
      <div className="space-y-6">
        {can(org, 'org:update') ? (
          <form
            className={`${cardClass} flex flex-col gap-3 p-5 sm:flex-row sm:items-end`}
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) actions.rename.mutate(name.trim());
            }}
          >
            <div className="flex-1">
              <label htmlFor={nameId} className={labelClass}>
                Organization name
              </label>
              <input
                id={nameId}
                value={name}
                onChange={(e) => setName(e.target.value)}
                className={`${inputClass} mt-1`}
              />
            </div>
            <button
              type="submit"
              className={buttonClass('secondary')}
              disabled={actions.rename.isPending || !name.trim() || name.trim() === org.name}
            >
              Rename
            </button>
          </form>
        ) : null}
        <div aria-live="polite">
          {actions.rename.isError ? <ErrorNotice error={actions.rename.error} title="Not renamed" /> : null}
        </div>
        <Members org={org} />
      </div>
    </>
  );
}

function Members({ org }: { org: Org }) {
  const me = useSignedInUser();
  const members = useOrgMembers(org.id, can(org, 'org:read'));
  const actions = useOrgActions(org.id);
  const [removing, setRemoving] = useState<OrgMember | null>(null);

  return (
    <CardSection id="org-members" title="Members">
      <div aria-live="polite">
        {actions.setRole.isError ? (
          <div className="px-5 pt-4">
            <ErrorNotice error={actions.setRole.error} title="Could not change the role" />
          </div>
        ) : null}
      </div>
      <QueryState
        query={members}
        loadingLabel="Loading members"
        errorTitle="Could not load the members"
        className="p-5"
      >
        {(list) => (
          <ul className="divide-y divide-slate-100">
            {list.map((m) => (
              <MemberRow
                key={m.userId}
                member={m}
                isMe={m.userId === me.user.id}
                roleName="Org role"
                roles={can(m, 'org:members:manage') && m.role !== 'org_owner' ? assignable : undefined}
                pending={actions.setRole.isPending}
                onRoleChange={(role) => actions.setRole.mutate({ userId: m.userId, role })}
                onRemove={() => setRemoving(m)}
              />
            ))}
          </ul>
        )}
      </QueryState>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.name || removing?.email || 'member'}?`}
        confirmLabel="Remove"
        mutation={actions.removeMember}
        onCancel={() => setRemoving(null)}
        onConfirm={() =>
          removing && actions.removeMember.mutate(removing.userId, { onSuccess: () => setRemoving(null) })
        }
      >
        They leave the organization and every one of its teams.
      </ConfirmDialog>
    </CardSection>
  );
}
