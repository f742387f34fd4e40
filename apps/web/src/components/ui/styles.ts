/** Class names shared by buttons and links that look like buttons (Link, <a>, <button>). */
const base =
  'inline-flex items-center justify-center gap-2 rounded-lg text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60';

const variants = {
  primary: 'bg-brand text-brand-fg shadow-sm hover:bg-brand/90',
  secondary: 'border border-slate-300 bg-white text-slate-800 shadow-sm hover:bg-slate-50',
  ghost: 'text-slate-700 hover:bg-slate-100',
  danger: 'bg-red-600 text-white shadow-sm hover:bg-red-700',
  dangerOutline: 'border border-red-300 bg-white text-red-700 shadow-sm hover:bg-red-50',
  dangerGhost: 'text-red-700 hover:bg-red-50',
} as const;

const sizes = { sm: 'px-2.5 py-1.5', md: 'px-3.5 py-2', lg: 'px-4 py-2.5 text-base' } as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

export function buttonClass(variant: ButtonVariant = 'primary', size: ButtonSize = 'md', extra = ''): string {
  return [base, variants[variant], sizes[size], extra].filter(Boolean).join(' ');
}

export const cardClass = 'rounded-xl border border-slate-200 bg-white shadow-sm';
export const inputClass =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-brand focus:ring-2 focus:ring-brand/30 focus:outline-none aria-invalid:border-red-500 aria-invalid:ring-red-200';
export const labelClass = 'block text-sm font-medium text-slate-800';
