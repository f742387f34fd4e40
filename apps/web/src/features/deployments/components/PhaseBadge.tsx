import type { UserDeploymentPhase } from '@k8s-scheduler/crds';

const styles: Record<UserDeploymentPhase, { dot: string; badge: string; label: string }> = {
  Pending: { dot: 'bg-slate-400', badge: 'bg-slate-100 text-slate-700', label: 'Pending' },
  Provisioning: { dot: 'bg-sky-500 animate-pulse', badge: 'bg-sky-50 text-sky-800', label: 'Provisioning' },
  Ready: { dot: 'bg-emerald-500', badge: 'bg-emerald-50 text-emerald-800', label: 'Ready' },
  Error: { dot: 'bg-red-500', badge: 'bg-red-50 text-red-800', label: 'Error' },
  Deleting: { dot: 'bg-amber-500 animate-pulse', badge: 'bg-amber-50 text-amber-800', label: 'Deleting' },
};

/** The lifecycle phase of a deployment as a coloured badge (colour is never the only signal: the word is there). */
export function PhaseBadge({ phase }: { phase: UserDeploymentPhase }) {
  const s = styles[phase];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ${s.badge}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${s.dot}`} />
      {s.label}
    </span>
  );
}
