import type { StreamStatus } from '../../../lib/eventStream';

const looks: Record<StreamStatus, { dot: string; label: string; title: string }> = {
  live: { dot: 'bg-emerald-500', label: 'Live', title: 'Status updates arrive as they happen' },
  connecting: {
    dot: 'bg-slate-400 animate-pulse',
    label: 'Connecting…',
    title: 'Connecting to live updates',
  },
  reconnecting: {
    dot: 'bg-amber-500 animate-pulse',
    label: 'Reconnecting…',
    title: 'Live updates are interrupted; the status is refreshed every few seconds meanwhile',
  },
};

/** Whether the status shown is live (streamed) or being refreshed by polling while the stream is down. */
export function LiveIndicator({ status }: { status: StreamStatus | undefined }) {
  if (!status) return null;
  const s = looks[status];
  return (
    <span
      role="status"
      aria-label={`Live updates: ${s.label}`}
      title={s.title}
      className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500"
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${s.dot}`} />
      {s.label}
    </span>
  );
}
