import { buttonClass } from '../../../components/ui/styles';
import { roleLabel } from '../roles';
import type { Role } from '../roles';

/**
 * One member of an org or a team: name and email (with "(you)"), the role as a select for those who
 * may change it (`roles` given), else as text, and a remove button next to the select.
 */
export function MemberRow<R extends Role>({
  member,
  isMe,
  roleName,
  roles,
  pending,
  onRoleChange,
  onRemove,
}: {
  member: { userId: string; name: string; email: string; role: Role };
  isMe: boolean;
  /** How the select is announced: "{roleName} of {member}". */
  roleName: string;
  /** The roles the select offers; none means the member cannot be managed here. */
  roles?: readonly R[] | undefined;
  pending: boolean;
  onRoleChange: (role: R) => void;
  onRemove: () => void;
}) {
  const who = member.name || member.email;
  return (
    <li className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-slate-900">
          {who}
          {isMe ? <span className="font-normal text-slate-500"> (you)</span> : null}
        </p>
        <p className="truncate text-slate-500">{member.email}</p>
      </div>
      {roles ? (
        <>
          <label className="flex items-center gap-2">
            <span className="sr-only">
              {roleName} of {who}
            </span>
            <select
              value={member.role}
              disabled={pending}
              onChange={(e) => onRoleChange(e.target.value as R)}
              className="rounded-lg border border-slate-300 bg-white py-1.5 pr-8 pl-2.5 text-sm focus:border-brand focus:ring-2 focus:ring-brand/30 focus:outline-none"
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className={buttonClass('dangerGhost', 'sm')}
            onClick={onRemove}
            aria-label={`Remove ${who}`}
          >
            Remove
          </button>
        </>
      ) : (
        <span className="text-slate-600">{roleLabel(member.role)}</span>
      )}
    </li>
  );
}
