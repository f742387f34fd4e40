import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { apiKeyScopeSchema, createApiKeyBodySchema } from '@k8s-scheduler/contracts';
import type { ApiKey } from '@k8s-scheduler/contracts';
import type { z } from 'zod';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { QueryState } from '../../../components/QueryState';
import { FormField, fieldAria } from '../../../components/ui/FormField';
import { buttonClass, cardClass, inputClass, labelClass } from '../../../components/ui/styles';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../useSettings';

type FormInput = z.input<typeof createApiKeyBodySchema>;
type FormOutput = z.output<typeof createApiKeyBodySchema>;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Personal API keys for the CLI and CI: the token is shown once, right after creation. */
export function ApiKeys() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [token, setToken] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <section aria-labelledby="api-keys" className={`${cardClass} lg:col-span-2`}>
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div>
          <h2 id="api-keys" className="font-semibold text-slate-900">
            API keys
          </h2>
          <p className="text-sm text-slate-500">
            For the CLI and CI: send as Authorization: Bearer. A key never has more rights than you.
          </p>
        </div>
        {!creating ? (
          <button type="button" className={buttonClass('secondary', 'sm')} onClick={() => setCreating(true)}>
            New API key
          </button>
        ) : null}
      </header>

      {token ? <NewToken token={token} onDone={() => setToken(null)} /> : null}
      {creating ? (
        <CreateKeyForm
          pending={create.isPending}
          error={create.error}
          onCancel={() => setCreating(false)}
          onSubmit={(body) =>
            create.mutate(body, {
              onSuccess: (created) => {
                setToken(created.token);
                setCreating(false);
              },
            })
          }
        />
      ) : null}

      <QueryState
        query={keys}
        loadingLabel="Loading API keys"
        errorTitle="Could not load your API keys"
        className="p-5"
        empty={<p className="px-5 py-4 text-sm text-slate-600">No API keys yet.</p>}
      >
        {(list) => (
          <ul className="divide-y divide-slate-100">
            {list.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-3 px-5 py-3 text-sm">
                <div className="min-w-0 flex-1">
                  <p className="font-medium text-slate-900">
                    {k.name} <code className="ml-1 font-mono text-xs text-slate-500">{k.prefix}…</code>
                  </p>
                  <p className="text-xs text-slate-500">
                    {k.scopes.join(', ')} · created {dateFormat.format(new Date(k.createdAt))}
                    {k.lastUsedAt
                      ? ` · last used ${dateFormat.format(new Date(k.lastUsedAt))}`
                      : ' · never used'}
                    {k.expiresAt ? ` · expires ${dateFormat.format(new Date(k.expiresAt))}` : ''}
                  </p>
                </div>
                {k.revokedAt ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
                    Revoked
                  </span>
                ) : (
                  <button
                    type="button"
                    className={buttonClass('dangerGhost', 'sm')}
                    onClick={() => setRevoking(k)}
                    aria-label={`Revoke ${k.name}`}
                  >
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </QueryState>

      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke key"
        mutation={revoke}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        Scripts and pipelines using it stop working at once.
      </ConfirmDialog>
    </section>
  );
}

function NewToken({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="m-5 rounded-lg border border-emerald-300 bg-emerald-50 p-4 text-sm">
      <p className="font-semibold text-emerald-900">Copy your new key now — it will not be shown again.</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row">
        <input
          readOnly
          value={token}
          aria-label="New API key"
          onFocus={(e) => e.currentTarget.select()}
          className={`${inputClass} font-mono`}
        />
        <button
          type="button"
          className={buttonClass('secondary', 'md', 'shrink-0')}
          onClick={() =>
            navigator.clipboard.writeText(token).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className={buttonClass('ghost', 'md', 'shrink-0')} onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function CreateKeyForm({
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  pending: boolean;
  error: unknown;
  onSubmit: (body: FormOutput) => void;
  onCancel: () => void;
}) {
  const nameId = useId();
  const expiryId = useId();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(createApiKeyBodySchema),
    defaultValues: { name: '', scopes: ['deployments:read'] },
  });
  return (
    <form
      noValidate
      onSubmit={handleSubmit(onSubmit)}
      className="space-y-4 border-b border-slate-100 px-5 py-4"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField id={nameId} label="Name" error={errors.name ? 'Enter a name.' : null}>
          <input
            {...fieldAria(nameId, errors.name)}
            placeholder="CI pipeline"
            className={`${inputClass} mt-1`}
            {...register('name')}
          />
        </FormField>
        <FormField id={expiryId} label="Expires">
          <select
            id={expiryId}
            className={`${inputClass} mt-1`}
            {...register('expiresInDays', { setValueAs: (v: string) => (v === '' ? undefined : Number(v)) })}
          >
            <option value="">Never</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
          </select>
        </FormField>
      </div>
      <fieldset>
        <legend className={labelClass}>Scopes</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-3">
          {apiKeyScopeSchema.options.map((scope) => (
            <label key={scope} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                value={scope}
                className="size-4 rounded border-slate-300 accent-brand"
                {...register('scopes')}
              />
              <code className="font-mono text-xs">{scope}</code>
            </label>
          ))}
        </div>
        {errors.scopes ? <p className="mt-1 text-sm text-red-700">Pick at least one scope.</p> : null}
      </fieldset>
      <div aria-live="polite">
        {error ? <ErrorNotice title="The key was not created" error={error} /> : null}
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass('ghost')} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={buttonClass('primary')} disabled={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}
