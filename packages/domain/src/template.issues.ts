import type { z } from 'zod';
import type { ValidationIssue } from './errors';

type PathKey = PropertyKey;

/** `['services', 0, 'image']` → `services[0].image`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
};

function count(n: number | bigint, one: string): string {
  return `${n} ${one}${Number(n) === 1 ? '' : 's'}`;
}

/** A plain-language predicate for one zod issue ("is required", "must be a list"). */
function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? 'must not be empty'
          : `must be at least ${count(issue.minimum, 'character')}`;
      if (issue.origin === 'array') return `must have at least ${count(issue.minimum, 'item')}`;
      return issue.message.startsWith('Too small') ? `must be at least ${issue.minimum}` : issue.message;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${count(issue.maximum, 'character')}`;
      if (issue.origin === 'array') return `must have at most ${count(issue.maximum, 'item')}`;
      return issue.message.startsWith('Too big') ? `must be at most ${issue.maximum}` : issue.message;
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    default:
      return issue.message;
  }
}

/**
 * Turns zod issues into plain issues with a dotted path; the message repeats the path so it reads
 * on its own: "services[0].image is required". Unknown keys become one issue per key, at the key.
 */
export function plainIssues(error: z.ZodError): (ValidationIssue & { pathKeys: PropertyKey[] })[] {
  const out: (ValidationIssue & { pathKeys: PropertyKey[] })[] = [];
  for (const issue of error.issues) {
    const keys =
      issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const pathKeys of keys) {
      const path = formatPath(pathKeys);
      const predicate = describe(issue);
      out.push({ path, pathKeys, message: path ? `${path} ${predicate}` : predicate });
    }
  }
  return out;
}
