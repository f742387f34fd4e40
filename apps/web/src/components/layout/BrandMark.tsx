import { useBranding } from '../../features/config/useConfig';

/** The client's logo and name (white-label), or the product's own mark. */
export function BrandMark({ compact = false }: { compact?: boolean }) {
  const branding = useBranding();
  return (
    <span className="flex min-w-0 items-center gap-2.5">
      {branding.logoUrl ? (
        <img src={branding.logoUrl} alt="" className="size-8 shrink-0 rounded-lg object-contain" />
      ) : (
        <span
          aria-hidden="true"
          className="grid size-8 shrink-0 place-items-center rounded-lg bg-brand text-brand-fg"
        >
          <svg
            viewBox="0 0 32 32"
            className="size-6"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.2"
            strokeLinejoin="round"
          >
            <path d="M16 6l8.66 5v10L16 26l-8.66-5V11z" />
            <circle cx="16" cy="16" r="3" fill="currentColor" stroke="none" />
          </svg>
        </span>
      )}
      <span
        className={`truncate font-semibold tracking-tight text-slate-900 ${compact ? 'text-sm' : 'text-base'}`}
      >
        {branding.name}
      </span>
    </span>
  );
}
