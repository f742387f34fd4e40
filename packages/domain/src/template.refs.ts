/**
 * `${NAME}` references to template env vars inside strings. `$${` is a literal `${`; Kubernetes'
 * own `$(NAME)` syntax is left alone.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The names referenced in `text`, in order of first appearance. */
export function findReferences(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Replaces each `${NAME}` with `replace(NAME)` and each `$${` with `${`. */
export function substitute(text: string, replace: (name: string) => string): string {
  return text.replace(REFERENCE, (whole, name: string | undefined) => (name === undefined ? '${' : replace(name)));
}

/** When `text` is exactly one reference (`"${DB_PASSWORD}"`), its name; else null. */
export function soleReference(text: string): string | null {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text);
  return match?.[1] ?? null;
}
