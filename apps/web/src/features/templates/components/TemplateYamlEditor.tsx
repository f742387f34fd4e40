import { useDeferredValue, useEffect, useMemo, useRef } from 'react';
import CodeMirror, { EditorSelection, EditorView } from '@uiw/react-codemirror';
import type { ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { forceLinting, linter, lintGutter } from '@codemirror/lint';
import type { Diagnostic } from '@codemirror/lint';
import type { ProblemIssue } from '@k8s-scheduler/contracts';
import { templateProblems } from '../templates.diagnostics';

const editorTheme = EditorView.theme({
  '&': {
    fontSize: '13px',
    border: '1px solid var(--color-slate-300)',
    borderRadius: '0.5rem',
    overflow: 'hidden',
  },
  '&.cm-focused': { outline: '2px solid var(--brand)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)' },
  '.cm-gutters': {
    backgroundColor: 'var(--color-slate-50)',
    borderRight: '1px solid var(--color-slate-200)',
  },
});

/**
 * The template YAML editor: CodeMirror with YAML highlighting, inline diagnostics from the shared
 * template schema as you type, the server's issues for the last submitted text, and an accessible
 * list of problems (each one moves the cursor to it).
 */
export function TemplateYamlEditor({
  value,
  onChange,
  serverIssues = [],
  readOnly = false,
  labelledBy,
}: {
  value: string;
  onChange?: (value: string) => void;
  serverIssues?: readonly ProblemIssue[];
  readOnly?: boolean;
  labelledBy: string;
}) {
  const ref = useRef<ReactCodeMirrorRef>(null);
  const issuesRef = useRef(serverIssues);
  issuesRef.current = serverIssues;

  const extensions = useMemo(
    () => [
      yaml(),
      editorTheme,
      lintGutter(),
      linter(
        (view): Diagnostic[] =>
          templateProblems(view.state.doc.toString(), issuesRef.current).map((p) => ({
            from: p.from,
            to: p.to,
            severity: 'error',
            source: p.source === 'server' ? 'server' : 'template',
            message: p.message,
          })),
        { delay: 300 },
      ),
      // Focusable also when read-only, so the scrolling YAML can be reached and read by keyboard
      // (axe: scrollable-region-focusable).
      EditorView.contentAttributes.of({ 'aria-labelledby': labelledBy, tabindex: '0' }),
    ],
    [labelledBy],
  );

  useEffect(() => {
    const view = ref.current?.view;
    if (view) forceLinting(view);
  }, [serverIssues]);

  const deferred = useDeferredValue(value);
  const problems = useMemo(() => templateProblems(deferred, serverIssues), [deferred, serverIssues]);

  const jumpTo = (from: number) => {
    const view = ref.current?.view;
    if (!view) return;
    view.dispatch({ selection: EditorSelection.cursor(from), scrollIntoView: true });
    view.focus();
  };

  return (
    <div>
      <CodeMirror
        ref={ref}
        value={value}
        onChange={onChange}
        readOnly={readOnly}
        editable={!readOnly}
        extensions={extensions}
        minHeight="360px"
        maxHeight="70vh"
        basicSetup={{ foldGutter: true, highlightActiveLine: !readOnly, autocompletion: false }}
      />
      <div aria-live="polite" className="mt-3 text-sm">
        {deferred.trim() === '' || (readOnly && problems.length === 0) ? null : problems.length === 0 ? (
          <p className="font-medium text-emerald-700">The template is valid.</p>
        ) : (
          <div className="rounded-lg border border-red-200 bg-red-50 p-3">
            <p className="font-semibold text-red-900">
              {problems.length === 1 ? '1 problem' : `${problems.length} problems`}
            </p>
            <ul className="mt-2 space-y-1">
              {problems.map((p, i) => (
                <li key={`${p.from}-${i}`}>
                  <button
                    type="button"
                    onClick={() => jumpTo(p.from)}
                    className="text-left text-red-900 underline-offset-2 hover:underline"
                  >
                    <span className="font-mono text-xs text-red-700">
                      line {p.line}:{p.column}
                    </span>{' '}
                    {p.message}
                    {p.source === 'server' ? <span className="text-red-700"> (from the server)</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
