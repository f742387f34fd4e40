import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import {
  clientOAuthProviderBodySchema,
  clientOAuthProviderNameSchema,
  issuerUrlSchema,
} from '@k8s-scheduler/contracts';
import type {
  Client,
  ClientOAuthProvider,
  ClientOAuthProviderList,
  ClientOAuthProviderName,
} from '@k8s-scheduler/contracts';
import { QueryState } from '../../components/QueryState';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { FormField, fieldAria } from '../../components/ui/FormField';
import { buttonClass, inputClass } from '../../components/ui/styles';
import { can } from '../../lib/abilities';
import { oauthBodyFromForm, oauthFormDefaults, type OAuthFormValues } from './admin.api';
import { useClientOAuth, useRemoveClientOAuth, useSetClientOAuth } from './useClients';

const PROVIDER_LABEL: Record<ClientOAuthProviderName, string> = { google: 'Google', oidc: 'OpenID Connect' };

/** A client's own sign-in providers: list, set/replace (secret write-only) and remove. */
export function ClientOAuthPanel({ client }: { client: Client }) {
  const oauth = useClientOAuth(client.id);
  return (
    <QueryState
      query={oauth}
      loadingLabel="Loading sign-in providers"
      errorTitle="Could not load the sign-in providers"
      className="mt-3"
    >
      {(data) => <Providers client={client} providers={data} />}
    </QueryState>
  );
}

function Providers({ client, providers }: { client: Client; providers: ClientOAuthProviderList }) {
  const remove = useRemoveClientOAuth(client.id);
  const [editing, setEditing] = useState<ClientOAuthProviderName | null>(null);
  const [removing, setRemoving] = useState<ClientOAuthProviderName | null>(null);

  const editable = can(providers, 'client:update');
  const byName = new Map(providers.items.map((p) => [p.provider, p]));
  const missing = clientOAuthProviderNameSchema.options.filter((p) => !byName.has(p));

  return (
    <div className="mt-3 space-y-3 text-sm">
      {providers.items.length === 0 ? (
        <p className="text-slate-600">Its users sign in with the platform’s providers.</p>
      ) : (
        <ul className="space-y-2" aria-label="Own sign-in providers">
          {providers.items.map((p) => (
            <li key={p.provider} className="rounded-lg border border-slate-200 p-3">
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">
                    {PROVIDER_LABEL[p.provider]}
                    {p.displayName ? ` — ${p.displayName}` : ''}
                  </p>
                  <p className="break-all text-slate-600">{p.issuer}</p>
                  <p className="break-all text-slate-600">
                    Client id <span className="font-mono">{p.clientId}</span> · secret{' '}
                    {p.clientSecret.configured ? 'configured' : 'not set'}
                  </p>
                </div>
                {editable ? (
                  <div className="flex shrink-0 gap-1">
                    <button
                      type="button"
                      className={buttonClass('ghost', 'sm')}
                      onClick={() => setEditing(p.provider)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className={buttonClass('dangerGhost', 'sm')}
                      onClick={() => setRemoving(p.provider)}
                      aria-label={`Remove ${PROVIDER_LABEL[p.provider]} sign-in`}
                    >
                      Remove
                    </button>
                  </div>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editable && editing ? (
        <ProviderForm
          key={editing}
          clientId={client.id}
          provider={editing}
          current={byName.get(editing)}
          onDone={() => setEditing(null)}
        />
      ) : editable && missing.length ? (
        <div className="flex flex-wrap gap-2">
          {missing.map((p) => (
            <button
              key={p}
              type="button"
              className={buttonClass('secondary', 'sm')}
              onClick={() => setEditing(p)}
            >
              Add {PROVIDER_LABEL[p]} sign-in
            </button>
          ))}
        </div>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing ? PROVIDER_LABEL[removing] : ''} sign-in?`}
        confirmLabel="Remove"
        mutation={remove}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing, { onSuccess: () => setRemoving(null) })}
      >
        Its credentials and stored secret are deleted. When no provider of its own is left, {client.name}{' '}
        signs in with the platform’s providers again.
      </ConfirmDialog>
    </div>
  );
}

const formSchema = z
  .object({
    provider: clientOAuthProviderNameSchema,
    issuer: z.string(),
    clientId: z.string(),
    clientSecret: z.string(),
    removeSecret: z.boolean(),
    displayName: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.provider === 'oidc') {
      const issuer = issuerUrlSchema.safeParse(v.issuer);
      if (!issuer.success)
        ctx.addIssue({
          code: 'custom',
          path: ['issuer'],
          message: issuer.error.issues[0]?.message ?? 'expected an https URL',
        });
    }
    // The same rules the server applies to the body it will receive.
    const body = clientOAuthProviderBodySchema.safeParse(oauthBodyFromForm(v));
    if (!body.success)
      for (const issue of body.error.issues)
        if (issue.path[0] !== 'issuer')
          ctx.addIssue({ code: 'custom', path: issue.path.map(String), message: issue.message });
  });

function ProviderForm({
  clientId,
  provider,
  current,
  onDone,
}: {
  clientId: string;
  provider: ClientOAuthProviderName;
  current: ClientOAuthProvider | undefined;
  onDone: () => void;
}) {
  const save = useSetClientOAuth(clientId, provider);
  const ids = { issuer: useId(), clientId: useId(), secret: useId(), name: useId(), remove: useId() };
  const {
    register,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<OAuthFormValues>({
    resolver: zodResolver(formSchema),
    defaultValues: oauthFormDefaults(provider, current),
  });
  const secretConfigured = current?.clientSecret.configured ?? false;
  const removeSecret = watch('removeSecret');

  return (
    <form
      noValidate
      aria-label={`${PROVIDER_LABEL[provider]} sign-in`}
      className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3"
      onSubmit={handleSubmit((v) => save.mutate(v, { onSuccess: onDone }))}
    >
      <p className="font-medium text-slate-900">
        {current ? 'Change' : 'Add'} {PROVIDER_LABEL[provider]} sign-in
      </p>
      {provider === 'oidc' ? (
        <FormField id={ids.issuer} label="Issuer URL" error={errors.issuer?.message}>
          <input
            {...fieldAria(ids.issuer, errors.issuer)}
            className={`${inputClass} mt-1`}
            placeholder="https://login.acme.com"
            {...register('issuer')}
          />
        </FormField>
      ) : (
        <p className="text-slate-600">Issuer: https://accounts.google.com</p>
      )}
      <FormField id={ids.clientId} label="Client id" error={errors.clientId ? 'Enter the client id.' : null}>
        <input
          {...fieldAria(ids.clientId, errors.clientId)}
          className={`${inputClass} mt-1 font-mono`}
          autoComplete="off"
          {...register('clientId')}
        />
      </FormField>
      <div>
        <FormField
          id={ids.secret}
          label="Client secret"
          error={errors.clientSecret?.message}
          hint={
            secretConfigured
              ? 'A secret is configured. It is never shown; type a new one to replace it.'
              : 'Stored in the platform secret store; never shown again.'
          }
        >
          <input
            {...fieldAria(ids.secret, errors.clientSecret)}
            type="password"
            autoComplete="new-password"
            className={`${inputClass} mt-1`}
            placeholder={secretConfigured ? 'Configured — leave empty to keep it' : 'None (public client)'}
            disabled={removeSecret}
            {...register('clientSecret')}
          />
        </FormField>
        {secretConfigured ? (
          <label htmlFor={ids.remove} className="mt-1 flex items-center gap-2 text-slate-700">
            <input id={ids.remove} type="checkbox" {...register('removeSecret')} /> Remove the stored secret
          </label>
        ) : null}
      </div>
      {provider === 'oidc' ? (
        <FormField
          id={ids.name}
          label="Button label"
          error={errors.displayName?.message}
          hint="Shown as “Continue with …” on the sign-in page."
        >
          <input
            {...fieldAria(ids.name, errors.displayName)}
            className={`${inputClass} mt-1`}
            placeholder="Acme SSO"
            {...register('displayName')}
          />
        </FormField>
      ) : null}
      <div aria-live="polite">
        {save.isError ? <ErrorNotice title="The sign-in provider was not saved" error={save.error} /> : null}
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass('ghost', 'sm')} onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className={buttonClass('primary', 'sm')} disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}
