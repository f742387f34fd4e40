import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { createClientBodySchema } from '@k8s-scheduler/contracts';
import type { Client } from '@k8s-scheduler/contracts';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { FormField, fieldAria } from '../../components/ui/FormField';
import { PageHeader } from '../../components/ui/PageHeader';
import { PlusIcon } from '../../components/ui/icons';
import { buttonClass, cardClass, inputClass } from '../../components/ui/styles';
import { NotFoundPage } from '../../components/NotFoundPage';
import { QueryState } from '../../components/QueryState';
import { can } from '../../lib/abilities';
import { useSignedInUser } from '../session/meContext';
import { ClientOAuthPanel } from './ClientOAuthPanel';
import { AdminsPanel, BrandingPanel, ColorInput, DomainsPanel, PlansPanel } from './ClientPanels';
import { administersClients, primaryColorSchema, splitDomains } from './admin.api';
import { useClients, useCreateClient, useDeleteClient } from './useClients';

type Section = 'branding' | 'domains' | 'admins' | 'plans' | 'signin';
const SECTIONS: ReadonlyArray<{ id: Section; label: string }> = [
  { id: 'branding', label: 'Branding' },
  { id: 'domains', label: 'Domains' },
  { id: 'admins', label: 'Admins' },
  { id: 'plans', label: 'Plans' },
  { id: 'signin', label: 'Sign-in settings' },
];

/**
 * The white-label clients (own domains, branding, plans): platform admins see and create every
 * client; a client admin sees and manages its own. What is enabled follows each client's abilities.
 */
export function ClientsPage() {
  const me = useSignedInUser();
  const platformAdmin = me.user.isPlatformAdmin;
  const allowed = administersClients(me);
  const clients = useClients(allowed);
  const remove = useDeleteClient();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Client | null>(null);

  if (!allowed) return <NotFoundPage />;

  return (
    <>
      <PageHeader
        title="Clients"
        description={
          platformAdmin
            ? 'White-label instances of the platform: their domains, branding and plans. Their users and organizations never see each other.'
            : 'The white-label client you administer: its branding, domains, admins, plans and sign-in.'
        }
        actions={
          platformAdmin && !creating ? (
            <button type="button" className={buttonClass('primary')} onClick={() => setCreating(true)}>
              <PlusIcon className="size-4" /> New client
            </button>
          ) : null
        }
      />
      {platformAdmin && creating ? <CreateClientForm onDone={() => setCreating(false)} /> : null}
      <QueryState
        query={clients}
        skeleton="page"
        loadingLabel="Loading clients"
        errorTitle="Could not load the clients"
        empty={
          platformAdmin ? (
            <EmptyState title="No clients yet">
              Every user and organization is a direct platform one. Create a client to offer the platform
              under another brand and domain.
            </EmptyState>
          ) : (
            <EmptyState title="No client to manage">
              You no longer administer a client. Ask a platform admin if this is unexpected.
            </EmptyState>
          )
        }
      >
        {(list) => (
          <ul className="space-y-4" aria-label="Clients">
            {list.map((c) => (
              <ClientCard
                key={c.id}
                client={c}
                canAddAdmins={platformAdmin}
                startOpen={list.length === 1 ? 'branding' : null}
                onDelete={() => setDeleting(c)}
              />
            ))}
          </ul>
        )}
      </QueryState>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        confirmLabel="Delete client"
        mutation={remove}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        Its domains stop resolving to it. Clients that still have organizations cannot be deleted.
      </ConfirmDialog>
    </>
  );
}

function ClientCard({
  client: c,
  canAddAdmins,
  startOpen,
  onDelete,
}: {
  client: Client;
  canAddAdmins: boolean;
  startOpen: Section | null;
  onDelete: () => void;
}) {
  const [open, setOpen] = useState<Section | null>(startOpen);
  return (
    <li className={`${cardClass} p-5`} aria-label={c.name}>
      <div className="flex items-start justify-between gap-3">
        <div className="flex min-w-0 items-center gap-3">
          <span
            aria-hidden="true"
            className="size-8 shrink-0 rounded-lg"
            style={{ backgroundColor: c.branding.primaryColor }}
          />
          <div className="min-w-0">
            <h2 className="truncate font-semibold text-slate-900">{c.name}</h2>
            <p className="text-xs text-slate-500">
              <span className="font-mono">{c.slug}</span> · shown as “{c.branding.name}”
            </p>
          </div>
        </div>
        {can(c, 'client:delete') ? (
          <button
            type="button"
            className={buttonClass('dangerGhost', 'sm')}
            onClick={onDelete}
            aria-label={`Delete ${c.name}`}
          >
            Delete
          </button>
        ) : null}
      </div>
      <dl className="mt-3 space-y-1 text-sm">
        <div className="flex gap-2">
          <dt className="text-slate-500">Domains</dt>
          <dd className="min-w-0 break-all text-slate-900">
            {c.domains.length ? c.domains.join(', ') : '—'}
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-500">Apps under</dt>
          <dd className="break-all text-slate-900">
            {c.deploymentDomain ? `*.${c.deploymentDomain}` : 'platform default'}
          </dd>
        </div>
        <div className="flex gap-2">
          <dt className="text-slate-500">Sign-in</dt>
          <dd className="text-slate-900">
            {c.oauthProviders.length
              ? `own ${c.oauthProviders.map((p) => (p === 'oidc' ? 'OIDC' : 'Google')).join(', ')}`
              : 'platform providers'}
          </dd>
        </div>
      </dl>
      <div className="mt-3 border-t border-slate-100 pt-3">
        <div className="flex flex-wrap gap-1" role="group" aria-label={`Manage ${c.name}`}>
          {SECTIONS.filter((s) => s.id !== 'signin' || can(c, 'client:update')).map((s) => (
            <button
              key={s.id}
              type="button"
              className={buttonClass(open === s.id ? 'secondary' : 'ghost', 'sm')}
              aria-expanded={open === s.id}
              onClick={() => setOpen(open === s.id ? null : s.id)}
            >
              {s.label}
            </button>
          ))}
        </div>
        {open === 'branding' ? <BrandingPanel client={c} /> : null}
        {open === 'domains' ? <DomainsPanel client={c} /> : null}
        {open === 'admins' ? <AdminsPanel client={c} canAdd={canAddAdmins} /> : null}
        {open === 'plans' ? <PlansPanel client={c} /> : null}
        {open === 'signin' ? <ClientOAuthPanel client={c} /> : null}
      </div>
    </li>
  );
}

const formSchema = z.object({
  slug: createClientBodySchema.shape.slug,
  name: createClientBodySchema.shape.name,
  primaryColor: primaryColorSchema,
  domains: z.string(),
});
type FormValues = z.infer<typeof formSchema>;

function CreateClientForm({ onDone }: { onDone: () => void }) {
  const create = useCreateClient();
  const ids = { name: useId(), slug: useId(), color: useId(), domains: useId() };
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<FormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: { slug: '', name: '', primaryColor: '#4f46e5', domains: '' },
  });

  return (
    <form
      noValidate
      aria-label="New client"
      className={`${cardClass} mb-6 space-y-4 p-5`}
      onSubmit={handleSubmit((v) =>
        create.mutate(
          {
            slug: v.slug,
            name: v.name,
            branding: { name: v.name, logoUrl: null, primaryColor: v.primaryColor },
            domains: splitDomains(v.domains),
          },
          { onSuccess: onDone },
        ),
      )}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id={ids.name} label="Name" error={errors.name ? 'Enter a name.' : undefined}>
          <input
            {...fieldAria(ids.name, errors.name)}
            className={`${inputClass} mt-1`}
            {...register('name')}
          />
        </FormField>
        <FormField id={ids.slug} label="Slug" error={errors.slug?.message}>
          <input
            {...fieldAria(ids.slug, errors.slug)}
            className={`${inputClass} mt-1 font-mono`}
            placeholder="acme"
            {...register('slug')}
          />
        </FormField>
        <FormField id={ids.color} label="Primary colour" error={errors.primaryColor?.message}>
          <ColorInput id={ids.color} {...register('primaryColor')} />
        </FormField>
        <FormField
          id={ids.domains}
          label="Domains"
          hint="Host names that serve this client, separated by commas."
        >
          <input
            id={ids.domains}
            className={`${inputClass} mt-1`}
            placeholder="deploy.acme.com"
            {...register('domains')}
          />
        </FormField>
      </div>
      <div aria-live="polite">
        {create.isError ? <ErrorNotice title="The client was not created" error={create.error} /> : null}
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass('ghost')} onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className={buttonClass('primary')} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create client'}
        </button>
      </div>
    </form>
  );
}
