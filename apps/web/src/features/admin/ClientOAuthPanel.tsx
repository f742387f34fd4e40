import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  clientOAuthProviderBodySchema,
  clientOAuthProviderNameSchema,
  issuerUrlSchema,
} from '@k8s-scheduler/contracts';
import type { Client, ClientOAuthProvider, ClientOAuthProviderName } from '@k8s-scheduler/contracts';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { ErrorNotice } from '../../components/ui/ErrorNotice';
import { Skeleton } from '../../components/ui/Skeleton';
import { buttonClass, inputClass, labelClass } from '../../components/ui/styles';
import { can } from '../../lib/abilities';
import {
  adminKeys,
  listClientOAuth,
  oauthBodyFromForm,
  oauthFormDefaults,
  removeClientOAuth,
  setClientOAuth,
  type OAuthFormValues,
} from './admin.api';

const PROVIDER_LABEL: Record<ClientOAuthProviderName, string> = { google: 'Google', oidc: 'OpenID Connect' };

/** A client's own sign-in providers: list, set/replace (secret write-only) and remove. */
export function ClientOAuthPanel({ client }: { client: Client }) {
  const queryClient = useQueryClient();
  const oauth = useQuery({
    queryKey: adminKeys.clientOAuth(client.id),
    queryFn: () => listClientOAuth(client.id),
  });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: adminKeys.clients() });
  const remove = useMutation({
    mutationFn: (provider: ClientOAuthProviderName) => removeClientOAuth(client.id, provider),
    onSuccess: invalidate,
  });
  const [editing, setEditing] = useState<ClientOAuthProviderName | null>(null);
  const [removing, setRemoving] = useState<ClientOAuthProviderName | null>(null);

  if (oauth.isPending)
    return (
      <div role="status" aria-label="Loading sign-in providers" className="mt-3 space-y-2">
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-5 w-1/2" />
      </div>
    );
  if (oauth.isError)
    return (
      <div className="mt-3">
        <ErrorNotice
          title="Could not load the sign-in providers"
          error={oauth.error}
          onRetry={() => void oauth.refetch()}
          retrying={oauth.isFetching}
        />
      </div>
    );

  const editable = can(oauth.data, 'client:update');
  const byName = new Map(oauth.data.items.map((p) => [p.provider, p]));
  const missing = clientOAuthProviderNameSchema.options.filter((p) => !byName.has(p));

  return (
    <div className="mt-3 space-y-3 text-sm">
      {oauth.data.items.length === 0 ? (
        <p className="text-slate-600">Its users sign in with the platform’s providers.</p>
      ) : (
        <ul className="space-y-2" aria-label="Own sign-in providers">
          {oauth.data.items.map((p) => (
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
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          setRemoving(null);
          remove.reset();
        }}
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
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: OAuthFormValues) => setClientOAuth(clientId, provider, oauthBodyFromForm(v)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.clients() }),
  });
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
        <div>
          <label htmlFor={ids.issuer} className={labelClass}>
            Issuer URL
          </label>
          <input
            id={ids.issuer}
            className={`${inputClass} mt-1`}
            placeholder="https://login.acme.com"
            aria-invalid={errors.issuer ? true : undefined}
            {...register('issuer')}
          />
          {errors.issuer ? <p className="mt-1 text-red-700">{errors.issuer.message}</p> : null}
        </div>
      ) : (
        <p className="text-slate-600">Issuer: https://accounts.google.com</p>
      )}
      <div>
        <label htmlFor={ids.clientId} className={labelClass}>
          Client id
        </label>
        <input
          id={ids.clientId}
          className={`${inputClass} mt-1 font-mono`}
          autoComplete="off"
          aria-invalid={errors.clientId ? true : undefined}
          {...register('clientId')}
        />
        {errors.clientId ? <p className="mt-1 text-red-700">Enter the client id.</p> : null}
      </div>
      <div>
        <label htmlFor={ids.secret} className={labelClass}>
          Client secret
        </label>
        <input
          id={ids.secret}
          type="password"
          autoComplete="new-password"
          className={`${inputClass} mt-1`}
          placeholder={secretConfigured ? 'Configured — leave empty to keep it' : 'None (public client)'}
          disabled={removeSecret}
          aria-invalid={errors.clientSecret ? true : undefined}
          {...register('clientSecret')}
        />
        <p className="mt-1 text-slate-500">
          {secretConfigured
            ? 'A secret is configured. It is never shown; type a new one to replace it.'
            : 'Stored in the platform secret store; never shown again.'}
        </p>
        {secretConfigured ? (
          <label htmlFor={ids.remove} className="mt-1 flex items-center gap-2 text-slate-700">
            <input id={ids.remove} type="checkbox" {...register('removeSecret')} /> Remove the stored secret
          </label>
        ) : null}
      </div>
      {provider === 'oidc' ? (
        <div>
          <label htmlFor={ids.name} className={labelClass}>
            Button label
          </label>
          <input
            id={ids.name}
            className={`${inputClass} mt-1`}
            placeholder="Acme SSO"
            aria-invalid={errors.displayName ? true : undefined}
            {...register('displayName')}
          />
          {errors.displayName ? (
            <p className="mt-1 text-red-700">{errors.displayName.message}</p>
          ) : (
            <p className="mt-1 text-slate-500">Shown as “Continue with …” on the sign-in page.</p>
          )}
        </div>
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
