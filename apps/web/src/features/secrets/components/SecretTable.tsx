import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ui/ConfirmDialog';
import { QueryState } from '../../../components/QueryState';
import { buttonClass, cardClass } from '../../../components/ui/styles';
import { writePermission } from '../secrets.scope';
import type { SecretScope } from '../secrets.scope';
import { useDeleteSecret, useSecretList } from '../useSecrets';
import { AddSecretForm } from './AddSecretForm';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The keys of one tier (never values), with set/replace/delete for those allowed to write it. */
export function SecretTable({
  scope,
  title,
  description,
}: {
  scope: SecretScope;
  title: string;
  description: string;
}) {
  const list = useSecretList(scope);
  const remove = useDeleteSecret(scope);
  const [deleting, setDeleting] = useState<string | null>(null);
  const canWrite = list.data?.abilities.includes(writePermission(scope.tier)) ?? false;
  const headingId = `secrets-${scope.tier}-${'service' in scope ? scope.service : ''}`;

  return (
    <section aria-labelledby={headingId} className={cardClass}>
      <header className="border-b border-slate-100 px-5 py-3">
        <h2 id={headingId} className="font-semibold text-slate-900">
          {title}
        </h2>
        <p className="text-sm text-slate-500">{description}</p>
      </header>
      <QueryState
        query={list}
        loadingLabel="Loading secrets"
        errorTitle="Could not load the secrets"
        className="p-5"
      >
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-600">No secrets at this level yet.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {data.items.map((s) => (
                  <li key={s.key} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-2.5 text-sm">
                    <code className="min-w-0 flex-1 truncate font-mono text-xs font-semibold text-slate-900">
                      {s.key}
                    </code>
                    <span className="text-xs text-slate-500">
                      rev {s.revision} · {dateFormat.format(new Date(s.updatedAt))}
                      {s.updatedBy ? ` · ${s.updatedBy.name || s.updatedBy.email}` : ''}
                    </span>
                    {canWrite ? (
                      <button
                        type="button"
                        className={buttonClass('dangerGhost', 'sm')}
                        onClick={() => setDeleting(s.key)}
                        aria-label={`Delete ${s.key}`}
                      >
                        Delete
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {canWrite ? (
              <div className="border-t border-slate-100 px-5 py-4">
                <AddSecretForm scope={scope} existingKeys={data.items.map((s) => s.key)} />
              </div>
            ) : (
              <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
                You can see these keys but not change them.
              </p>
            )}
          </>
        )}
      </QueryState>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting ?? ''}?`}
        confirmLabel="Delete secret"
        mutation={remove}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting, { onSuccess: () => setDeleting(null) })}
      >
        Containers stop receiving this key at their next rollout, unless another tier sets it.
      </ConfirmDialog>
    </section>
  );
}
