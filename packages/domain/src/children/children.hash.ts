import { APPLIED_HASH_ANNOTATION, type ChildObject } from './children.types';

/** JSON with object keys sorted, so equal objects serialize equally. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A fast 53-bit string hash (cyrb53). Used only to detect change, never for secrecy: secret values
 * are excluded from what it hashes (see `withAppliedHash`).
 */
export function hashString(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Returns the object with an annotation hashing its content. A Secret's `data` is left out of the
 * hash: its change is carried by the secret-checksum annotation the caller computes.
 */
export function withAppliedHash(obj: ChildObject): ChildObject {
  const { data, ...rest } = obj;
  const hashed = obj.kind === 'Secret' ? rest : { ...rest, data };
  const hash = hashString(stableStringify(hashed));
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      annotations: { ...obj.metadata.annotations, [APPLIED_HASH_ANNOTATION]: hash },
    },
  };
}

/** The applied-hash annotation of an object, if any. */
export function appliedHashOf(obj: {
  metadata: { annotations?: Record<string, string> };
}): string | undefined {
  return obj.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
}
