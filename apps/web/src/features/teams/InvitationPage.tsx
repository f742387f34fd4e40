import { Link, useNavigate, useParams } from 'react-router';
import { FullPageMessage } from '../../components/FullPageMessage';
import { QueryState } from '../../components/QueryState';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { Skeleton } from '../../components/ui/Skeleton';
import { buttonClass, cardClass } from '../../components/ui/styles';
import { useMe } from '../session/useSession';
import { roleLabel } from './roles';
import { useAcceptInvitation, useInvitationPreview } from './useTeams';

const statusText = {
  accepted: 'This invitation has already been accepted.',
  revoked: 'This invitation was withdrawn. Ask the person who invited you for a new one.',
  expired: 'This invitation has expired. Ask the person who invited you for a new one.',
} as const;

/** Where an invitation email's link lands: what it offers, then sign in (and come back) and accept. */
export function InvitationPage() {
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const me = useMe();
  const accept = useAcceptInvitation(token);
  const navigate = useNavigate();
  const here = `/invitations/${encodeURIComponent(token)}`;

  return (
    <FullPageMessage>
      <div className={`${cardClass} p-6 sm:p-8`}>
        <QueryState
          query={preview}
          loadingLabel="Loading invitation"
          errorTitle="Could not load the invitation"
          skeleton={
            <>
              <Skeleton className="h-6 w-2/3" />
              <Skeleton className="h-4 w-full" />
              <Skeleton className="h-10 w-full" />
            </>
          }
          notFound={
            <>
              <h1 className="text-xl font-semibold text-slate-900">Invitation not found</h1>
              <p className="mt-2 text-sm text-slate-600">
                The link is incomplete or no longer valid. Ask for a new invitation.
              </p>
            </>
          }
        >
          {(invitation) => (
            <>
              <h1 className="text-xl font-semibold tracking-tight text-slate-900">
                Join {invitation.teamName ? `${invitation.teamName} at ` : ''}
                {invitation.orgName}
              </h1>
              <p className="mt-2 text-sm text-slate-600">
                {invitation.inviterName ?? 'Someone'} invited{' '}
                <strong className="font-medium text-slate-900">{invitation.email}</strong> as{' '}
                {invitation.teamRole
                  ? roleLabel(invitation.teamRole).toLowerCase()
                  : roleLabel(invitation.orgRole).toLowerCase()}
                .
              </p>
              <div className="mt-6">
                {invitation.status !== 'pending' ? (
                  <p className="rounded-lg bg-slate-50 p-4 text-sm text-slate-700">
                    {statusText[invitation.status]}
                  </p>
                ) : me.data ? (
                  <div className="space-y-3">
                    {me.data.user.email.toLowerCase() !== invitation.email.toLowerCase() ? (
                      <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
                        You are signed in as {me.data.user.email}, not {invitation.email}. Accepting adds this
                        account.
                      </p>
                    ) : null}
                    <button
                      type="button"
                      className={buttonClass('primary', 'lg', 'w-full')}
                      disabled={accept.isPending}
                      onClick={() =>
                        accept.mutate(undefined, {
                          onSuccess: (r) =>
                            void navigate(r.teamId ? `/teams/${r.teamId}` : '/teams', { replace: true }),
                        })
                      }
                    >
                      {accept.isPending ? 'Joining…' : 'Accept invitation'}
                    </button>
                    <div aria-live="polite">
                      {accept.isError ? <ErrorNotice title="Could not accept" error={accept.error} /> : null}
                    </div>
                  </div>
                ) : (
                  <Link
                    to={`/signin?redirect=${encodeURIComponent(here)}`}
                    className={buttonClass('primary', 'lg', 'w-full')}
                  >
                    Sign in to accept
                  </Link>
                )}
              </div>
              <p className="mt-4 text-xs text-slate-500">
                Valid until {new Date(invitation.expiresAt).toLocaleString()}.
              </p>
            </>
          )}
        </QueryState>
      </div>
    </FullPageMessage>
  );
}
