import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { domainSchema } from '@k8s-scheduler/contracts';
import type { Client } from '@k8s-scheduler/contracts';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { Skeleton } from '../../components/ui/Skeleton';
import { buttonClass, inputClass, labelClass } from '../../components/ui/styles';
import { can } from '../../lib/abilities';
import { configKeys } from '../config/config.keys';
import {
  addClientAdmin,
  addClientDomain,
  adminKeys,
  limitFromInput,
  listClientAdmins,
  listClientPlans,
  removeClientDomain,
  setClientPlan,
  updateClient,
  type Tier,
} from './admin.api';

/** After a change: the client list, and the public config (branding of the current host). */
function useInvalidateClients() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminKeys.clients() }),
      queryClient.invalidateQueries({ queryKey: configKeys.public() }),
    ]);
}

function Loading({ label }: { label: string }) {
  return (
    <div role="status" aria-label={label} className="mt-3 space-y-2">
      <Skeleton className="h-5 w-2/3" />
      <Skeleton className="h-5 w-1/2" />
    </div>
  );
}

const brandingSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour like #4f46e5'),
  logoUrl: z.union([
    z.literal(''),
    z.string().trim().url('expected a URL such as https://acme.com/logo.svg'),
  ]),
});
type BrandingValues = z.infer<typeof brandingSchema>;

/** The name, colour and logo the client's users see. */
export function BrandingPanel({ client }: { client: Client }) {
  const invalidate = useInvalidateClients();
  const editable = can(client, 'client:update');
  const save = useMutation({
    mutationFn: (v: BrandingValues) =>
      updateClient(client.id, {
        branding: { name: v.name, primaryColor: v.primaryColor, logoUrl: v.logoUrl || null },
      }),
    onSuccess: invalidate,
  });
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
      onSubmit={handleSubmit((v) => save.mutate(v, { onSuccess: () => reset(v) }))}
    >
      <fieldset disabled={!editable} className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={ids.name} className={labelClass}>
            Display name
          </label>
          <input
            id={ids.name}
            className={`${inputClass} mt-1`}
            aria-invalid={errors.name ? true : undefined}
            {...register('name')}
          />
          {errors.name ? <p className="mt-1 text-red-700">{errors.name.message}</p> : null}
        </div>
        <div>
          <label htmlFor={ids.color} className={labelClass}>
            Primary colour
          </label>
          <input
            id={ids.color}
            type="color"
            className="mt-1 h-10 w-20 cursor-pointer rounded-lg border border-slate-300 bg-white p-1"
            {...register('primaryColor')}
          />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={ids.logo} className={labelClass}>
            Logo URL
          </label>
          <input
            id={ids.logo}
            className={`${inputClass} mt-1`}
            placeholder="https://acme.com/logo.svg"
            aria-invalid={errors.logoUrl ? true : undefined}
            {...register('logoUrl')}
          />
          {errors.logoUrl ? (
            <p className="mt-1 text-red-700">{errors.logoUrl.message}</p>
          ) : (
            <p className="mt-1 text-slate-500">Optional; the name is shown without one.</p>
          )}
        </div>
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
  const invalidate = useInvalidateClients();
  const editable = can(client, 'client:update');
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const inputId = useId();
  const add = useMutation({
    mutationFn: (domain: string) => addClientDomain(client.id, domain),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (domain: string) => removeClientDomain(client.id, domain),
    onSuccess: invalidate,
  });

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
          <div className="min-w-0 flex-1">
            <label htmlFor={inputId} className={labelClass}>
              New domain
            </label>
            <input
              id={inputId}
              className={`${inputClass} mt-1`}
              placeholder="deploy.acme.com"
              value={text}
              aria-invalid={invalid ? true : undefined}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
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
  const queryClient = useQueryClient();
  const admins = useQuery({
    queryKey: adminKeys.clientAdmins(client.id),
    queryFn: () => listClientAdmins(client.id),
  });
  const add = useMutation({
    mutationFn: (email: string) => addClientAdmin(client.id, email),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clientAdmins(client.id) }),
  });
  const [email, setEmail] = useState('');
  const inputId = useId();

  if (admins.isPending) return <Loading label="Loading admins" />;
  if (admins.isError)
    return (
      <div className="mt-3">
        <ErrorNotice
          title="Could not load the admins"
          error={admins.error}
          onRetry={() => void admins.refetch()}
          retrying={admins.isFetching}
        />
      </div>
    );
  return (
    <div className="mt-3 space-y-3 text-sm">
      {admins.data.length === 0 ? (
        <p className="text-slate-600">No client admin yet: only platform admins manage it.</p>
      ) : (
        <ul
          aria-label={`Admins of ${client.name}`}
          className="divide-y divide-slate-100 rounded-lg border border-slate-200"
        >
          {admins.data.map((a) => (
            <li key={a.userId} className="px-3 py-2">
              <span className="font-medium text-slate-900">{a.name}</span>{' '}
              <span className="text-slate-600">{a.email}</span>
            </li>
          ))}
        </ul>
      )}
      {canAdd ? (
        <form
          aria-label="Add an admin"
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (email.trim()) add.mutate(email.trim(), { onSuccess: () => setEmail('') });
          }}
        >
          <div className="min-w-0 flex-1">
            <label htmlFor={inputId} className={labelClass}>
              Email of a user who signed in on this client
            </label>
            <input
              id={inputId}
              type="email"
              className={`${inputClass} mt-1`}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <button
            type="submit"
            className={buttonClass('secondary', 'sm')}
            disabled={add.isPending || !email.trim()}
          >
            {add.isPending ? 'Adding…' : 'Make admin'}
          </button>
        </form>
      ) : (
        <p className="text-slate-500">Platform admins name a client’s admins.</p>
      )}
      <div aria-live="polite">
        {add.isError ? <ErrorNotice title="The admin was not added" error={add.error} /> : null}
      </div>
    </div>
  );
}

const TIER_LABEL: Record<Tier, string> = { free: 'Free', business: 'Business', enterprise: 'Enterprise' };
const showLimit = (n: number | null) => (n === null ? 'unlimited' : String(n));

/** The limits of each tier for this client (platform defaults with the client's overrides). */
export function PlansPanel({ client }: { client: Client }) {
  const plans = useQuery({
    queryKey: adminKeys.clientPlans(client.id),
    queryFn: () => listClientPlans(client.id),
  });
  const [editing, setEditing] = useState<Tier | null>(null);
  const editable = can(client, 'client:update');

  if (plans.isPending) return <Loading label="Loading plans" />;
  if (plans.isError)
    return (
      <div className="mt-3">
        <ErrorNotice
          title="Could not load the plans"
          error={plans.error}
          onRetry={() => void plans.refetch()}
          retrying={plans.isFetching}
        />
      </div>
    );
  return (
    <ul aria-label={`Plans of ${client.name}`} className="mt-3 space-y-2 text-sm">
      {plans.data.map((p) => (
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
  );
}

function PlanForm(props: {
  clientId: string;
  tier: Tier;
  maxDeployments: number | null;
  maxMembers: number | null;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [deployments, setDeployments] = useState(
    props.maxDeployments === null ? '' : String(props.maxDeployments),
  );
  const [members, setMembers] = useState(props.maxMembers === null ? '' : String(props.maxMembers));
  const [invalid, setInvalid] = useState(false);
  const ids = { deployments: useId(), members: useId() };
  const save = useMutation({
    mutationFn: (limits: { maxDeployments: number | null; maxMembers: number | null }) =>
      setClientPlan(props.clientId, props.tier, limits),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clientPlans(props.clientId) }),
  });
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
        <div>
          <label htmlFor={ids.deployments} className={labelClass}>
            Max deployments
          </label>
          <input
            id={ids.deployments}
            inputMode="numeric"
            className={`${inputClass} mt-1`}
            placeholder="unlimited"
            value={deployments}
            onChange={(e) => setDeployments(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor={ids.members} className={labelClass}>
            Max members
          </label>
          <input
            id={ids.members}
            inputMode="numeric"
            className={`${inputClass} mt-1`}
            placeholder="unlimited"
            value={members}
            onChange={(e) => setMembers(e.target.value)}
          />
        </div>
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
