import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { addTeamMemberBodySchema } from '@k8s-scheduler/contracts';
import type { TeamRole } from '@k8s-scheduler/contracts';
import type { z } from 'zod';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { FormField, fieldAria } from '../../../components/ui/FormField';
import { buttonClass, inputClass } from '../../../components/ui/styles';
import { roleLabel } from '../roles';
import { isApiError } from '../../../lib/api';
import { useAddTeamMember, useCreateInvitation } from '../useTeams';

const teamRoles: TeamRole[] = ['developer', 'viewer', 'team_admin'];
type FormInput = z.input<typeof addTeamMemberBodySchema>;
type FormOutput = z.output<typeof addTeamMemberBodySchema>;

/** Adds a person to the team by email; someone without an account yet gets an invitation email instead. */
export function AddMemberForm({ teamId, orgId }: { teamId: string; orgId: string }) {
  const add = useAddTeamMember(teamId);
  const invite = useCreateInvitation(orgId);
  const [added, setAdded] = useState<string | null>(null);
  const emailId = useId();
  const roleId = useId();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(addTeamMemberBodySchema),
    defaultValues: { email: '', role: 'developer' },
  });

  const submit = (body: FormOutput) => {
    setAdded(null);
    invite.reset();
    add.mutate(body, {
      onSuccess: (member) => {
        setAdded(`${member.name || member.email} joined as ${roleLabel(member.role).toLowerCase()}.`);
        reset({ email: '', role: body.role });
      },
      onError: (error) => {
        // Not signed up yet: invite them to this team instead (the link survives their first sign-in).
        if (!isApiError(error) || error.status !== 404) return;
        invite.mutate(
          { email: body.email, teamId, teamRole: body.role },
          {
            onSuccess: (inv) => {
              setAdded(
                `${inv.email} has no account yet, so an invitation was sent. It is valid until ${new Date(inv.expiresAt).toLocaleDateString()}.`,
              );
              reset({ email: '', role: body.role });
            },
          },
        );
      },
    });
  };
  const invited = isApiError(add.error) && add.error.status === 404;
  const failure = invited ? invite.error : add.error;

  return (
    <form noValidate onSubmit={handleSubmit(submit)} className="space-y-3" aria-label="Add a member">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_11rem_auto] sm:items-end">
        <FormField id={emailId} label="Email">
          <input
            {...fieldAria(emailId, errors.email)}
            type="email"
            autoComplete="off"
            placeholder="teammate@example.com"
            className={`${inputClass} mt-1`}
            {...register('email')}
          />
        </FormField>
        <FormField id={roleId} label="Role">
          <select id={roleId} className={`${inputClass} mt-1`} {...register('role')}>
            {teamRoles.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </FormField>
        <button type="submit" disabled={add.isPending || invite.isPending} className={buttonClass('primary')}>
          {add.isPending || invite.isPending ? 'Adding…' : 'Add member'}
        </button>
      </div>
      {errors.email ? (
        <p id={`${emailId}-error`} className="text-sm text-red-700">
          Enter a valid email address.
        </p>
      ) : null}
      <div aria-live="polite">
        {failure ? <ErrorNotice error={failure} title="Could not add the member" /> : null}
        {added && !failure ? <p className="text-sm font-medium text-emerald-700">{added}</p> : null}
      </div>
    </form>
  );
}
