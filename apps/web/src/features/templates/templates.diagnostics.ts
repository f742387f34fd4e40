import { parseTemplateYaml } from '@k8s-scheduler/domain';
import type { ProblemIssue } from '@k8s-scheduler/contracts';

/** A problem located in the editor text (offsets into the document). */
export type EditorProblem = {
  from: number;
  to: number;
  line: number;
  column: number;
  message: string;
  path: string;
  source: 'local' | 'server';
};

/** Offset of a 1-based line and column in `text`, clamped to the document. */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd === -1 ? text.length : lineEnd;
  return Math.min(offset + Math.max(column - 1, 0), end);
}

function locate(
  text: string,
  issue: { line?: number | undefined; column?: number | undefined; message: string; path: string },
  source: EditorProblem['source'],
): EditorProblem {
  const line = issue.line ?? 1;
  const column = issue.column ?? 1;
  const from = offsetAt(text, line, column);
  const lineEnd = text.indexOf('\n', from);
  const to = lineEnd === -1 ? text.length : lineEnd;
  const message = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  return { from, to: Math.max(to, from), line, column, message, path: issue.path, source };
}

/**
 * Every problem of a template document: the shared template schema run locally (the same one the
 * server validates with), plus the issues the server reported for the text it was sent.
 */
export function templateProblems(text: string, serverIssues: readonly ProblemIssue[] = []): EditorProblem[] {
  const local =
    text.trim() === ''
      ? []
      : (() => {
          const result = parseTemplateYaml(text);
          return result.ok ? [] : result.errors.map((e) => locate(text, e, 'local'));
        })();
  const seen = new Set(local.map((p) => `${p.line}:${p.column}:${p.message}`));
  const server = serverIssues
    .map((issue) => locate(text, { ...issue, path: issue.path.replace(/^body\.?/, '') }, 'server'))
    .filter((p) => !seen.has(`${p.line}:${p.column}:${p.message}`));
  return [...local, ...server].sort((a, b) => a.from - b.from);
}
