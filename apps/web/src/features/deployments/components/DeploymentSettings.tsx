import { useState } from 'react';
import type { DeploymentDetail } from '@k8s-scheduler/contracts';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { buttonClass, inputClass } from '../../../components/ui/styles';
import { CardSection } from '../../../components/ui/CardSection';
import { useDeploymentActions } from '../useDeployments';

/**
 * The deployment's settings: plain inputs are shown and editable; secret ones show only their
 * names and take a new value (write-only). Saving makes a new generation that rolls the pods.
 */
export function DeploymentSettings({
  deployment: d,
  editable,
}: {
  deployment: DeploymentDetail;
  editable: boolean;
}) {
  const { update } = useDeploymentActions(d.id);
  const [inputs, setInputs] = useState<Record<string, string>>(d.inputs);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const changedInputs = Object.fromEntries(Object.entries(inputs).filter(([k, v]) => d.inputs[k] !== v));
  const changedSecrets = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v !== ''));
  const dirty = Object.keys(changedInputs).length > 0 || Object.keys(changedSecrets).length > 0;
  const inputKeys = Object.keys(d.inputs).sort();

  return (
    <CardSection id="dep-settings" title="Settings">
      {inputKeys.length === 0 && d.secretKeys.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">This deployment has no settings.</p>
      ) : (
        <form
          className="space-y-3 px-5 py-4"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(false);
            update.mutate(
              {
                ...(Object.keys(changedInputs).length ? { inputs: changedInputs } : {}),
                ...(Object.keys(changedSecrets).length ? { secrets: changedSecrets } : {}),
              },
              {
                onSuccess: () => {
                  setSecrets({});
                  setSaved(true);
                },
              },
            );
          }}
        >
          {inputKeys.map((key) => (
            <div key={key} className="grid gap-1 sm:grid-cols-[12rem_minmax(0,1fr)] sm:items-center">
              <label
                htmlFor={`in-${key}`}
                className="truncate font-mono text-xs font-semibold text-slate-700"
              >
                {key}
              </label>
              <input
                id={`in-${key}`}
                value={inputs[key] ?? ''}
                readOnly={!editable}
                onChange={(e) => setInputs({ ...inputs, [key]: e.target.value })}
                className={inputClass}
              />
            </div>
          ))}
          {d.secretKeys.map((key) => (
            <div key={key} className="grid gap-1 sm:grid-cols-[12rem_minmax(0,1fr)] sm:items-center">
              <label
                htmlFor={`sec-${key}`}
                className="truncate font-mono text-xs font-semibold text-slate-700"
              >
                {key}{' '}
                <span className="ml-1 rounded bg-slate-900 px-1 py-0.5 font-sans text-[10px] text-white">
                  secret
                </span>
              </label>
              {editable ? (
                <input
                  id={`sec-${key}`}
                  type="password"
                  autoComplete="new-password"
                  placeholder="•••••••• (set) — type to replace"
                  value={secrets[key] ?? ''}
                  onChange={(e) => setSecrets({ ...secrets, [key]: e.target.value })}
                  className={inputClass}
                />
              ) : (
                <p id={`sec-${key}`} className="text-sm text-slate-500">
                  Set (values are never shown)
                </p>
              )}
            </div>
          ))}
          {editable ? (
            <div className="flex items-center justify-end gap-3 pt-2">
              <p aria-live="polite" className="text-sm text-emerald-700">
                {saved && !dirty ? 'Saved. The pods roll to the new settings.' : ''}
              </p>
              <button
                type="submit"
                className={buttonClass('primary', 'sm')}
                disabled={!dirty || update.isPending}
              >
                {update.isPending ? 'Saving…' : 'Save settings'}
              </button>
            </div>
          ) : null}
          <div aria-live="polite">
            {update.isError ? <ErrorNotice title="The settings were not saved" error={update.error} /> : null}
          </div>
        </form>
      )}
    </CardSection>
  );
}
