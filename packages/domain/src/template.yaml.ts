import { LineCounter, isMap, isSeq, parseDocument, stringify, type Document, type Node } from 'yaml';
import { plainIssues } from './template.issues';
import { TEMPLATE_LIMITS, templateSchema, type Template, type TemplateInput } from './template.schema';

/** One problem in a template document, located in the YAML text (1-based line and column). */
export interface TemplateError {
  path: string;
  message: string;
  line: number;
  column: number;
}

export type TemplateParseResult = { ok: true; template: Template } | { ok: false; errors: TemplateError[] };

function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | null {
  // Walk down as far as the path exists; a missing key is reported at its parent.
  let node: unknown = doc.contents;
  let found = node as Node | null;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && String(k.value) === String(key);
      });
      if (!pair) break;
      node = pair.value ?? pair.key;
      // An unknown key is best shown at the key itself.
      found = (pair.value as Node | null) ?? (pair.key as Node | null) ?? found;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) break;
      node = item;
      found = item as Node;
    } else break;
  }
  return found;
}

/**
 * Parses and validates a template written in YAML, reporting every problem at once with its
 * line and column: syntax errors first (then nothing else, as the structure is unreliable), else
 * every schema and cross-field problem.
 */
export function parseTemplateYaml(text: string): TemplateParseResult {
  if (new TextEncoder().encode(text).length > TEMPLATE_LIMITS.yamlBytes) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `The template is larger than ${TEMPLATE_LIMITS.yamlBytes / 1024} KiB`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number | undefined) => lineCounter.linePos(offset ?? 0);

  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = locate(e.pos[0]);
        return { path: '', message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col };
      }),
    };
  }

  let value: unknown;
  try {
    // The yaml library refuses a document whose aliases would expand past the cap (an alias bomb).
    value = doc.toJS({ maxAliasCount: TEMPLATE_LIMITS.yamlAliases });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `The template uses too many YAML aliases (at most ${TEMPLATE_LIMITS.yamlAliases} expansions)`,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: 'The template must be a YAML mapping (name: …, services: …)',
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const result = templateSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, template: result.data };

  const errors = plainIssues(result.error).map((issue) => {
    const node = nodeAt(doc, issue.pathKeys);
    const pos = locate(node?.range?.[0]);
    return { path: issue.path, message: issue.message, line: pos.line, column: pos.col };
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, errors };
}

/** Validates a template given as data (JSON API bodies); issues carry paths but no positions. */
export function validateTemplate(
  value: unknown,
): { ok: true; template: Template } | { ok: false; issues: { path: string; message: string }[] } {
  const result = templateSchema.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, template: result.data };
  return { ok: false, issues: plainIssues(result.error).map(({ path, message }) => ({ path, message })) };
}

/** The template as YAML text, fields in schema order. */
export function templateToYaml(template: Template | TemplateInput): string {
  return stringify(template, { lineWidth: 0, aliasDuplicateObjects: false });
}
