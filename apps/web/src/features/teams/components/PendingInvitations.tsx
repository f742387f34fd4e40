import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { buttonClass } from '../../../components/ui/styles';
import { CardSection } from '../../../components/ui/CardSection';
import { roleLabel } from '../roles';
import { useInvitations, useRevokeInvitation } from '../useTeams';

/** Invitations to this team that nobody has accepted yet, with revoke. */
export function PendingInvitations({ orgId, teamId }: { orgId: string; teamId: string }) {
  const invitations = useInvitations(orgId);
  const revoke = useRevokeInvitation(orgId);
  const pending = (invitations.data ?? []).filter((i) => i.teamId === teamId && i.status === 'pending');
  if (invitations.isError)
    return <ErrorNotice title="Could not load the invitations" error={invitations.error} />;
  if (pending.length === 0) return null;
  return (
    <CardSection id="pending-invitations" title="Pending invitations">
      <ul className="divide-y divide-slate-100">
        {pending.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
            <div className="min-w-0 flex-1">
              <p className="truncate font-medium text-slate-900">{i.email}</p>
              <p className="text-slate-500">
                {i.teamRole ? roleLabel(i.teamRole) : roleLabel(i.orgRole)} · expires{' '}
                {new Date(i.expiresAt).toLocaleDateString()}
              </p>
            </div>
            <button
              type="button"
              className={buttonClass('dangerGhost', 'sm')}
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(i.id)}
              aria-label={`Revoke the invitation of ${i.email}`}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <div aria-live="polite">
        {revoke.isError ? (
          <div className="p-4">
            <ErrorNotice error={revoke.error} title="Could not revoke" />
          </div>
        ) : null}
      </div>
    </CardSection>
  );
}
