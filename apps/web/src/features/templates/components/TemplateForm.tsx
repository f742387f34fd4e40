import { useId, useMemo, useState } from 'react';
import type { ProblemIssue, TemplateVisibilityDto } from '@k8s-scheduler/contracts';
import { ErrorNotice } from '../../../components/ui/ErrorNotice';
import { buttonClass, inputClass, labelClass } from '../../../components/ui/styles';
import { isApiError } from '../../../lib/api';
import { templateProblems } from '../templates.diagnostics';
import { setYamlVisibility, visibilityLabels, yamlVisibility } from '../templates.visibility';
import { TemplateYamlEditor } from './TemplateYamlEditor';

/**
 * YAML editor plus the visibility choices the caller has and a save button. Save stays off while
 * the shared schema finds problems; problems the server reports appear inline in the editor.
 */
export function TemplateForm({
  initialText,
  visibilities,
  submitLabel,
  pending,
  error,
  onSubmit,
  onChange,
}: {
  initialText: string;
  visibilities: readonly TemplateVisibilityDto[];
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (text: string) => void;
  onChange?: () => void;
}) {
  const [text, setText] = useState(initialText);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const labelId = useId();
  const visibilityId = useId();
  const hintId = useId();

  // Server issues belong to the text that was sent; once edited they no longer point at the right place.
  const serverIssues: ProblemIssue[] = isApiError(error) && submitted === text ? error.errors : [];
  const localProblems = useMemo(() => templateProblems(text).length, [text]);
  const visibility = yamlVisibility(text);
  const options: string[] = visibilities.includes(visibility as TemplateVisibilityDto)
    ? [...visibilities]
    : [visibility, ...visibilities];

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(text);
        onSubmit(text);
      }}
      className="space-y-4"
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="sm:w-64">
          <label htmlFor={visibilityId} className={labelClass}>
            Visibility
          </label>
          <select
            id={visibilityId}
            value={visibility}
            onChange={(e) => setText(setYamlVisibility(text, e.target.value as TemplateVisibilityDto))}
            className={`${inputClass} mt-1`}
          >
            {options.map((v) => {
              const known = visibilityLabels[v as TemplateVisibilityDto];
              return (
                <option key={v} value={v} disabled={!visibilities.includes(v as TemplateVisibilityDto)}>
                  {known ? `${known.label} — ${known.hint}` : v}
                </option>
              );
            })}
          </select>
        </div>
        <div className="flex items-center gap-3">
          {localProblems > 0 ? (
            <p id={hintId} className="text-sm text-slate-600">
              Fix the problems below to save.
            </p>
          ) : null}
          <button
            type="submit"
            disabled={pending || localProblems > 0}
            aria-describedby={localProblems > 0 ? hintId : undefined}
            className={buttonClass('primary')}
          >
            {pending ? 'Saving…' : submitLabel}
          </button>
        </div>
      </div>
      <div aria-live="polite">
        {error ? (
          <ErrorNotice
            error={error}
            title="The template was not saved"
            hideIssues={serverIssues.length > 0}
          />
        ) : null}
      </div>
      <section aria-labelledby={labelId}>
        <h2 id={labelId} className="mb-2 text-sm font-semibold text-slate-900">
          Template YAML
        </h2>
        <TemplateYamlEditor
          value={text}
          onChange={(value) => {
            setText(value);
            onChange?.();
          }}
          serverIssues={serverIssues}
          labelledBy={labelId}
        />
      </section>
    </form>
  );
}
