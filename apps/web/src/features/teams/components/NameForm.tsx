import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { buttonClass, inputClass, labelClass } from '../../../components/ui/styles';

type NameBody = { name: string };

/** A one-field create form (organization, team) validated with the API's own body schema. */
export function NameForm({
  schema,
  label,
  placeholder,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  schema: z.ZodType<NameBody, NameBody>;
  label: string;
  placeholder: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: NameBody) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<NameBody>({ resolver: zodResolver(schema), defaultValues: { name: '' } });

  return (
    <form noValidate onSubmit={handleSubmit(onSubmit)} className="space-y-3">
      <div>
        <label htmlFor={id} className={labelClass}>
          {label}
        </label>
        <div className="mt-1 flex flex-col gap-2 sm:flex-row">
          <input
            id={id}
            autoFocus
            placeholder={placeholder}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-error` : undefined}
            className={inputClass}
            {...register('name')}
          />
          <div className="flex gap-2">
            <button type="submit" disabled={pending} className={buttonClass('primary', 'md', 'shrink-0')}>
              {pending ? 'Creating…' : submitLabel}
            </button>
            {onCancel ? (
              <button type="button" onClick={onCancel} className={buttonClass('ghost', 'md', 'shrink-0')}>
                Cancel
              </button>
            ) : null}
          </div>
        </div>
        {errors.name ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
            {errors.name.type === 'too_small' ? 'Enter a name.' : errors.name.message}
          </p>
        ) : null}
      </div>
      <div aria-live="polite">{error ? <ErrorNotice error={error} title="Could not create it" /> : null}</div>
    </form>
  );
}
