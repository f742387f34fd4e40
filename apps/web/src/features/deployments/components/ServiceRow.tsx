import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { DeploymentDetail } from '@k8s-scheduler/contracts';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { buttonClass, inputClass } from '../../../components/ui/styles';
import { useDeploymentActions } from '../useDeployments';

type Service = DeploymentDetail['services'][number];

/** One service: image, replicas, and (for those allowed) scale and change-image controls. */
export function ServiceRow({
  deploymentId,
  service: s,
  editable,
}: {
  deploymentId: string;
  service: Service;
  editable: boolean;
}) {
  const { scale, deployImage } = useDeploymentActions(deploymentId);
  const [replicas, setReplicas] = useState(String(s.replicas));
  const [image, setImage] = useState(s.image);
  const ready = s.readyReplicas ?? 0;
  const replicaNumber = Number(replicas);
  const replicasValid = Number.isInteger(replicaNumber) && replicaNumber >= 0 && replicaNumber <= 50;

  return (
    <li className="space-y-3 px-5 py-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-slate-900">{s.name}</p>
        <p className={`text-sm ${ready >= s.replicas ? 'text-emerald-700' : 'text-amber-700'}`}>
          {ready}/{s.replicas} ready
          {s.ports.length ? <span className="text-slate-500"> · ports {s.ports.join(', ')}</span> : null}
        </p>
      </div>
      <p className="font-mono text-xs break-all text-slate-600">{s.image}</p>
      {editable ? (
        <div className="grid gap-3 sm:grid-cols-[9rem_minmax(0,1fr)]">
          <InlineField
            label="Replicas"
            submitLabel="Scale"
            canSubmit={replicasValid && !scale.isPending && replicaNumber !== s.replicas}
            onSubmit={() => scale.mutate({ service: s.name, replicas: replicaNumber })}
          >
            {(id) => (
              <input
                id={id}
                type="number"
                min={0}
                max={50}
                value={replicas}
                onChange={(e) => setReplicas(e.target.value)}
                aria-invalid={replicasValid ? undefined : true}
                className={`${inputClass} mt-1`}
              />
            )}
          </InlineField>
          <InlineField
            label="Image"
            submitLabel="Deploy image"
            canSubmit={!deployImage.isPending && image.trim() !== '' && image.trim() !== s.image}
            onSubmit={() => deployImage.mutate({ service: s.name, image: image.trim() })}
          >
            {(id) => (
              <input
                id={id}
                value={image}
                onChange={(e) => setImage(e.target.value)}
                className={`${inputClass} mt-1 font-mono`}
              />
            )}
          </InlineField>
        </div>
      ) : null}
      <div aria-live="polite">
        {scale.isError ? <ErrorNotice title={`Could not scale ${s.name}`} error={scale.error} /> : null}
        {deployImage.isError ? (
          <ErrorNotice title={`Could not change the image of ${s.name}`} error={deployImage.error} />
        ) : null}
      </div>
    </li>
  );
}

/** A one-field form beside its submit button; submitting does nothing while `canSubmit` is false. */
function InlineField({
  label,
  submitLabel,
  canSubmit,
  onSubmit,
  children,
}: {
  label: string;
  submitLabel: string;
  canSubmit: boolean;
  onSubmit: () => void;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit) onSubmit();
      }}
    >
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="text-xs font-medium text-slate-600">
          {label}
        </label>
        {children(id)}
      </div>
      <button
        type="submit"
        className={buttonClass('secondary', 'sm', 'mb-0.5 shrink-0')}
        disabled={!canSubmit}
      >
        {submitLabel}
      </button>
    </form>
  );
}
