/**
 * `${NAME}` references inside template strings. NAME is a template env var, or a built-in:
 * `${deployment.name}`, `${deployment.host}`, `${deployment.url}`, and `${services.<service>.host}`
 * (the in-cluster host name of a sibling service). `$${` is a literal `${`; Kubernetes' own
 * `$(NAME)` syntax is left alone.
 */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

export const DEPLOYMENT_BUILTINS = ['deployment.name', 'deployment.host', 'deployment.url'] as const;

export type ReferenceKind =
  | { kind: 'variable'; name: string }
  | { kind: 'deployment'; field: 'name' | 'host' | 'url' }
  | { kind: 'service'; service: string }
  | { kind: 'unknown' };

/** What a reference names. */
export function classifyReference(ref: string): ReferenceKind {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(ref)) return { kind: 'variable', name: ref };
  const deployment = /^deployment\.(name|host|url)$/.exec(ref);
  if (deployment) return { kind: 'deployment', field: deployment[1] as 'name' | 'host' | 'url' };
  const service = /^services\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.host$/.exec(ref);
  if (service) return { kind: 'service', service: service[1] as string };
  return { kind: 'unknown' };
}

/** The references in `text`, in order of first appearance. */
export function findReferences(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/** Replaces each `${REF}` with `replace(REF)` and each `$${` with `${`. */
export function substitute(text: string, replace: (ref: string) => string): string {
  return text.replace(REFERENCE, (_whole, name: string | undefined) =>
    name === undefined ? '${' : replace(name),
  );
}

/** When `text` is exactly one reference (`"${DB_PASSWORD}"`), its name; else null. */
export function soleReference(text: string): string | null {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}$/.exec(text);
  return match?.[1] ?? null;
}
