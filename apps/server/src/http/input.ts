import type { ProblemIssue } from '@k8s-scheduler/contracts';

/**
 * The deepest JSON body accepted. Real bodies nest a handful of levels (a template as JSON data is
 * about six); a body nested tens of thousands of levels deep would overflow the stack of every
 * recursive step after parsing (validation, NUL scan, serialisation), so it is refused as a limit.
 */
export const MAX_JSON_DEPTH = 64;

/** The problem issue of a NUL found in an input (`body.name`, `query.search`, `params.id`). */
export const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

/**
 * The nesting depth of a JSON text, counted over `{`/`[` outside strings, stopping as soon as it
 * exceeds `max` — a linear scan that never builds the value, so a hostile body costs no stack.
 */
export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}

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
