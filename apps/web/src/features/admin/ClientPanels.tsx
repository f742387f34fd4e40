import { useId, useState } from 'react';
import type { ComponentProps } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { domainSchema } from '@k8s-scheduler/contracts';
import type { Client } from '@k8s-scheduler/contracts';
import { QueryState } from '../../components/QueryState';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { FormField, fieldAria } from '../../components/ui/FormField';
import { buttonClass, inputClass } from '../../components/ui/styles';
import { can } from '../../lib/abilities';
import { limitFromInput, primaryColorSchema, type Tier } from './admin.api';
import {
  useAddClientAdmin,
  useAddClientDomain,
  useClientAdmins,
  useClientPlans,
  useRemoveClientDomain,
  useSetClientPlan,
  useUpdateClient,
} from './useClients';

/** The colour picker of a client's primary colour (branding and the new-client form). */
export function ColorInput(props: Omit<ComponentProps<'input'>, 'type' | 'className'>) {
  return (
    <input
      type="color"
      className="mt-1 h-10 w-20 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
      {...props}
    />
  );
}

const brandingSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  primaryColor: primaryColorSchema,
  logoUrl: z.union([
    z.literal(''),
    z.string().trim().url('expected a URL such as https://acme.com/logo.svg'),
  ]),
});
type BrandingValues = z.infer<typeof brandingSchema>;

/** The name, colour and logo the client's users see. */
export function BrandingPanel({ client }: { client: Client }) {
  const editable = can(client, 'client:update');
  const save = useUpdateClient(client.id);
  const ids = { name: useId(), color: useId(), logo: useId() };
  const {
    register,
    handleSubmit,
    formState: { errors, isDirty },
    reset,
  } = useForm<BrandingValues>({
    resolver: zodResolver(brandingSchema),
    defaultValues: {
      name: client.branding.name,
      primaryColor: client.branding.primaryColor,
      logoUrl: client.branding.logoUrl ?? '',
    },
  });

  return (
    <form
      noValidate
      aria-label={`Branding of ${client.name}`}
      className="mt-3 space-y-3 text-sm"
      onSubmit={handleSubmit((v) =>
        save.mutate(
          { branding: { name: v.name, primaryColor: v.primaryColor, logoUrl: v.logoUrl || null } },
          { onSuccess: () => reset(v) },
        ),
      )}
    >
      <fieldset disabled={!editable} className="grid gap-3 sm:grid-cols-2">
        <FormField id={ids.name} label="Display name" error={errors.name?.message}>
          <input
            {...fieldAria(ids.name, errors.name)}
            className={`${inputClass} mt-1`}
            {...register('name')}
          />
        </FormField>
        <FormField id={ids.color} label="Primary colour">
          <ColorInput id={ids.color} {...register('primaryColor')} />
        </FormField>
        <FormField
          id={ids.logo}
          label="Logo URL"
          className="sm:col-span-2"
          error={errors.logoUrl?.message}
          hint="Optional; the name is shown without one."
        >
          <input
            {...fieldAria(ids.logo, errors.logoUrl)}
            className={`${inputClass} mt-1`}
            placeholder="https://acme.com/logo.svg"
            {...register('logoUrl')}
          />
        </FormField>
      </fieldset>
      <div aria-live="polite">
        {save.isError ? <ErrorNotice title="The branding was not saved" error={save.error} /> : null}
        {save.isSuccess && !isDirty ? <p className="text-emerald-700">Branding saved.</p> : null}
      </div>
      {editable ? (
        <div className="flex justify-end">
          <button
            type="submit"
            className={buttonClass('primary', 'sm')}
            disabled={save.isPending || !isDirty}
          >
            {save.isPending ? 'Saving…' : 'Save branding'}
          </button>
        </div>
      ) : (
        <p className="text-slate-500">You can see the branding but not change it.</p>
      )}
    </form>
  );
}

/** The host names that serve the client: add and remove. */
export function DomainsPanel({ client }: { client: Client }) {
  const editable = can(client, 'client:update');
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const inputId = useId();
  const add = useAddClientDomain(client.id);
  const remove = useRemoveClientDomain(client.id);

  return (
    <div className="mt-3 space-y-3 text-sm">
      {client.domains.length === 0 ? (
        <p className="text-slate-600">No domain: only the platform host serves it.</p>
      ) : (
        <ul
          aria-label={`Domains of ${client.name}`}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200"
        >
          {client.domains.map((d) => (
            <li key={d} className="flex items-center justify-between gap-2 px-3 py-2">
              <span className="break-all font-mono text-slate-900">{d}</span>
              {editable ? (
                <button
                  type="button"
                  className={buttonClass('dangerGhost', 'sm')}
                  aria-label={`Remove ${d}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(d)}
                >
                  Remove
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? <ErrorNotice title="The domain was not removed" error={remove.error} /> : null}
      {editable ? (
        <form
          noValidate
          aria-label="Add a domain"
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const parsed = domainSchema.safeParse(text.trim());
            if (!parsed.success) return setInvalid(parsed.error.issues[0]?.message ?? 'expected a hostname');
            setInvalid(null);
            add.mutate(parsed.data, { onSuccess: () => setText('') });
          }}
        >
          <FormField id={inputId} label="New domain" className="min-w-0 flex-1">
            <input
              id={inputId}
              className={`${inputClass} mt-1`}
              placeholder="deploy.acme.com"
              value={text}
              aria-invalid={invalid ? true : undefined}
              onChange={(e) => setText(e.target.value)}
            />
          </FormField>
          <button type="submit" className={buttonClass('secondary', 'sm')} disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add domain'}
          </button>
          {invalid ? <p className="w-full text-red-700">{invalid}</p> : null}
        </form>
      ) : null}
      <div aria-live="polite">
        {add.isError ? <ErrorNotice title="The domain was not added" error={add.error} /> : null}
      </div>
    </div>
  );
}

/** The client's admins; only platform admins name new ones. */
export function AdminsPanel({ client, canAdd }: { client: Client; canAdd: boolean }) {
  const admins = useClientAdmins(client.id);
  return (
    <QueryState
      query={admins}
      loadingLabel="Loading admins"
      errorTitle="Could not load the admins"
      className="mt-3"
    >
      {(list) => (
        <div className="mt-3 space-y-3 text-sm">
          {list.length === 0 ? (
            <p className="text-slate-600">No client admin yet: only platform admins manage it.</p>
          ) : (
            <ul
              aria-label={`Admins of ${client.name}`}
              className="divide-y divide-slate-100 rounded-lg border border-slate-200"
            >
              {list.map((a) => (
                <li key={a.userId} className="px-3 py-2">
                  <span className="font-medium text-slate-900">{a.name}</span>{' '}
                  <span className="text-slate-600">{a.email}</span>
                </li>
              ))}
            </ul>
          )}
          {canAdd ? (
            <AddAdminForm clientId={client.id} />
          ) : (
            <p className="text-slate-500">Platform admins name a client’s admins.</p>
          )}
        </div>
      )}
    </QueryState>
  );
}

function AddAdminForm({ clientId }: { clientId: string }) {
  const add = useAddClientAdmin(clientId);
  const [email, setEmail] = useState('');
  const inputId = useId();
  return (
    <>
      <form
        aria-label="Add an admin"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (email.trim()) add.mutate(email.trim(), { onSuccess: () => setEmail('') });
        }}
      >
        <FormField
          id={inputId}
          label="Email of a user who signed in on this client"
          className="min-w-0 flex-1"
        >
          <input
            id={inputId}
            type="email"
            className={`${inputClass} mt-1`}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </FormField>
        <button
          type="submit"
          className={buttonClass('secondary', 'sm')}
          disabled={add.isPending || !email.trim()}
        >
          {add.isPending ? 'Adding…' : 'Make admin'}
        </button>
      </form>
      <div aria-live="polite">
        {add.isError ? <ErrorNotice title="The admin was not added" error={add.error} /> : null}
      </div>
    </>
  );
}

const TIER_LABEL: Record<Tier, string> = { free: 'Free', business: 'Business', enterprise: 'Enterprise' };
const showLimit = (n: number | null) => (n === null ? 'unlimited' : String(n));

/** The limits of each tier for this client (platform defaults with the client's overrides). */
export function PlansPanel({ client }: { client: Client }) {
  const plans = useClientPlans(client.id);
  const [editing, setEditing] = useState<Tier | null>(null);
  const editable = can(client, 'client:update');

  return (
    <QueryState
      query={plans}
      loadingLabel="Loading plans"
      errorTitle="Could not load the plans"
      className="mt-3"
    >
      {(list) => (
        <ul aria-label={`Plans of ${client.name}`} className="mt-3 space-y-2 text-sm">
          {list.map((p) => (
            <li key={p.tier} className="rounded-lg border border-slate-200 p-3">
              <div className="flex items-start justify-between gap-2">
                <div>
                  <p className="font-medium text-slate-900">{TIER_LABEL[p.tier]}</p>
                  <p className="text-slate-600">
                    {showLimit(p.maxDeployments)} deployments · {showLimit(p.maxMembers)} members
                    {p.quota ? ` · ${p.quota.cpu} CPU, ${p.quota.memory}` : ''}
                  </p>
                </div>
                {editable && editing !== p.tier ? (
                  <button
                    type="button"
                    className={buttonClass('ghost', 'sm')}
                    aria-label={`Edit the ${TIER_LABEL[p.tier]} plan`}
                    onClick={() => setEditing(p.tier)}
                  >
                    Edit
                  </button>
                ) : null}
              </div>
              {editing === p.tier ? (
                <PlanForm
                  clientId={client.id}
                  tier={p.tier}
                  maxDeployments={p.maxDeployments}
                  maxMembers={p.maxMembers}
                  onDone={() => setEditing(null)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}

/** A plan limit: a whole number, or empty for unlimited. */
function LimitField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <FormField id={id} label={label}>
      <input
        id={id}
        inputMode="numeric"
        className={`${inputClass} mt-1`}
        placeholder="unlimited"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FormField>
  );
}

function PlanForm(props: {
  clientId: string;
  tier: Tier;
  maxDeployments: number | null;
  maxMembers: number | null;
  onDone: () => void;
}) {
  const [deployments, setDeployments] = useState(
    props.maxDeployments === null ? '' : String(props.maxDeployments),
  );
  const [members, setMembers] = useState(props.maxMembers === null ? '' : String(props.maxMembers));
  const [invalid, setInvalid] = useState(false);
  const save = useSetClientPlan(props.clientId, props.tier);
  return (
    <form
      noValidate
      aria-label={`${TIER_LABEL[props.tier]} plan limits`}
      className="mt-3 space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const maxDeployments = limitFromInput(deployments);
        const maxMembers = limitFromInput(members);
        if (Number.isNaN(maxDeployments) || Number.isNaN(maxMembers) || maxMembers === 0)
          return setInvalid(true);
        setInvalid(false);
        save.mutate({ maxDeployments, maxMembers }, { onSuccess: props.onDone });
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <LimitField label="Max deployments" value={deployments} onChange={setDeployments} />
        <LimitField label="Max members" value={members} onChange={setMembers} />
      </div>
      <p className={invalid ? 'text-red-700' : 'text-slate-500'}>
        Whole numbers (members at least 1); leave empty for unlimited.
      </p>
      <div aria-live="polite">
        {save.isError ? <ErrorNotice title="The plan was not saved" error={save.error} /> : null}
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass('ghost', 'sm')} onClick={props.onDone}>
          Cancel
        </button>
        <button type="submit" className={buttonClass('primary', 'sm')} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save limits'}
        </button>
      </div>
    </form>
  );
}
