import type { TemplateVisibilityDto } from '@k8s-scheduler/contracts';
import { visibilityLabels } from '../templates.visibility';

const tone: Record<TemplateVisibilityDto, string> = {
  private: 'bg-slate-100 text-slate-700',
  team: 'bg-sky-50 text-sky-800',
  org: 'bg-violet-50 text-violet-800',
  system: 'bg-emerald-50 text-emerald-800',
};

export function VisibilityBadge({ visibility }: { visibility: TemplateVisibilityDto }) {
  return (
    <span
      className={`rounded-full px-2 py-0.5 text-xs font-medium ${tone[visibility]}`}
      title={visibilityLabels[visibility].hint}
    >
      {visibilityLabels[visibility].label}
    </span>
  );
}
