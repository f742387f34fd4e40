import type { ReactNode } from 'react';
import { labelClass } from './styles';

/**
 * A labelled form control: the label, the control (`children`, whose id is `id`), then its error or,
 * without one, its hint. The error's id is `${id}-error` (see `fieldAria`).
 */
export function FormField({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1 text-sm text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

/** The id and the invalid state of a FormField's control, pointing at its error when there is one. */
export function fieldAria(id: string, invalid: unknown) {
  return {
    id,
    'aria-invalid': invalid ? true : undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  } as const;
}
