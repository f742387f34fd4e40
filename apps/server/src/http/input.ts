import type { ProblemIssue } from '@k8s-scheduler/contracts';

/** The problem issue of a NUL found in an input (`body.name`, `query.search`, `params.id`). */
export const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

/**
 * Every place a NUL character occurs in a request input: in a string value or an object key, nested
 * at any depth (iterative, so no input can overflow the stack). PostgreSQL refuses NUL in text, so
 * a NUL that got past validation would fail SQL with a 500 and put the statement's parameters in
 * the log; it is refused up front, naming the field, for every route alike.
 */
export function nulIssues(part: 'params' | 'query' | 'body', value: unknown): ProblemIssue[] {
  const issues: ProblemIssue[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: part }];
  while (stack.length > 0 && issues.length < 20) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) issues.push({ path, message: NUL_MESSAGE });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}.${i}` });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (key.includes('\u0000')) {
          issues.push({ path: `${path}.${key.replaceAll('\u0000', '\\u0000')}`, message: NUL_MESSAGE });
        } else stack.push({ value: child, path: `${path}.${key}` });
      }
    }
  }
  return issues;
}
