import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { putSecretBodySchema, secretKeySchema } from '@k8s-scheduler/contracts';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { FormField, fieldAria } from '../../../components/ui/FormField';
import { buttonClass, inputClass } from '../../../components/ui/styles';
import type { SecretScope } from '../secrets.scope';
import { usePutSecret } from '../useSecrets';

const formSchema = z.object({ key: secretKeySchema }).extend(putSecretBodySchema.shape);
type FormValues = z.infer<typeof formSchema>;

/** Sets a secret (new, or replacing an existing key's value). The value field is cleared after saving. */
export function AddSecretForm({
  scope,
  existingKeys,
}: {
  scope: SecretScope;
  existingKeys: readonly string[];
}) {
  const put = usePutSecret(scope);
  const keyId = useId();
  const valueId = useId();
  const {
    register,
    handleSubmit,
    reset,
    watch,
    formState: { errors },
  } = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { key: '', value: '' } });
  const replacing = existingKeys.includes(watch('key'));

  return (
    <form
      noValidate
      onSubmit={handleSubmit((v) => put.mutate(v, { onSuccess: () => reset({ key: '', value: '' }) }))}
      className="space-y-2"
      aria-label="Set a secret"
    >
      <div className="grid gap-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-end">
        <FormField id={keyId} label="Key">
          <input
            {...fieldAria(keyId, errors.key)}
            autoComplete="off"
            spellCheck={false}
            placeholder="DATABASE_URL"
            className={`${inputClass} mt-1 font-mono`}
            {...register('key')}
          />
        </FormField>
        <FormField id={valueId} label="Value">
          <input
            {...fieldAria(valueId, errors.value)}
            type="password"
            autoComplete="new-password"
            className={`${inputClass} mt-1`}
            {...register('value')}
          />
        </FormField>
        <button type="submit" disabled={put.isPending} className={buttonClass('primary')}>
          {put.isPending ? 'Saving…' : replacing ? 'Replace' : 'Add'}
        </button>
      </div>
      {errors.key ? (
        <p id={`${keyId}-error`} className="text-sm text-red-700">
          Key {errors.key.message}
        </p>
      ) : null}
      {errors.value ? (
        <p id={`${valueId}-error`} className="text-sm text-red-700">
          Value {errors.value.message}
        </p>
      ) : null}
      <div aria-live="polite">
        {put.isError ? <ErrorNotice error={put.error} title="The secret was not saved" /> : null}
        {put.isSuccess ? (
          <p className="text-sm font-medium text-emerald-700">
            {put.data.key} {put.data.created ? 'added' : 'replaced'} (revision {put.data.revision}). Pods that
            use it restart with the new value.
          </p>
        ) : null}
      </div>
    </form>
  );
}
