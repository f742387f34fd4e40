import { useId } from 'react';
import { Link } from 'react-router';
import { useSignedInUser } from '../../features/session/meContext';
import { groupTeamsByOrg } from '../../features/teams/currentTeam';
import { useCurrentTeam } from '../../features/teams/useCurrentTeam';
import { userMessage } from '../../lib/api';

/** Picks the team the dashboard, deployments and secrets pages work in. */
export function TeamSwitcher() {
  const me = useSignedInUser();
  const { team, setTeamId, switchError } = useCurrentTeam();
  const id = useId();
  const groups = groupTeamsByOrg(me);

  if (!team) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 px-3 py-2.5 text-sm">
        <p className="font-medium text-slate-800">No team yet</p>
        <Link to="/teams" className="mt-0.5 inline-block text-brand underline-offset-2 hover:underline">
          Create or join a team
        </Link>
      </div>
    );
  }

  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">
        Team
      </label>
      <select
        id={id}
        value={team.id}
        onChange={(e) => setTeamId(e.target.value)}
        className="block w-full truncate rounded-lg border border-slate-300 bg-white py-2 pr-8 pl-3 text-sm font-medium text-slate-900 shadow-sm focus:border-brand focus:ring-2 focus:ring-brand/30 focus:outline-none"
      >
        {groups.map((group) =>
          groups.length > 1 ? (
            <optgroup key={group.orgId} label={group.orgName}>
              {group.teams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          ) : (
            group.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))
          ),
        )}
      </select>
      {switchError ? (
        <p role="alert" className="mt-1.5 text-xs text-red-700">
          Could not switch teams: {userMessage(switchError)}
        </p>
      ) : null}
    </div>
  );
}
