import type { SecretTier } from '@k8s-scheduler/crds';

export type { SecretTier } from '@k8s-scheduler/crds';

/** Tiers in precedence order: a key set at an earlier tier shadows the same key at later ones. */
export const SECRET_TIERS = [
  'organization',
  'deployment',
  'service',
] as const satisfies readonly SecretTier[];

export const SECRET_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const SECRET_KEY_MAX_LENGTH = 253;
/** Largest secret value accepted, in UTF-8 bytes (Kubernetes Secrets cap the whole object at 1 MiB). */
export const SECRET_VALUE_MAX_BYTES = 64 * 1024;

/** A plain-language problem with a secret key, or null when valid. */
export function secretKeyProblem(key: string): string | null {
  if (key.length === 0) return 'must not be empty';
  if (key.length > SECRET_KEY_MAX_LENGTH) return `must be at most ${SECRET_KEY_MAX_LENGTH} characters`;
  if (!SECRET_KEY_PATTERN.test(key)) {
    return 'must start with a letter or "_" and contain only letters, digits and "_"';
  }
  return null;
}

/** A problem with a secret value (its size), or null. Never includes the value itself. */
export function secretValueProblem(value: string): string | null {
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > SECRET_VALUE_MAX_BYTES) {
    return `must be at most ${SECRET_VALUE_MAX_BYTES} bytes (it has ${bytes})`;
  }
  return null;
}

export type TierKeys = Readonly<Record<SecretTier, readonly string[]>>;

export interface EffectiveKey {
  key: string;
  /** The tier whose value wins. */
  tier: SecretTier;
  /** Lower-precedence tiers that also set this key and are hidden by `tier`. */
  shadowed: { tier: SecretTier }[];
}

/**
 * The effective secret environment of one service: every key once, with the tier it comes from
 * (organization > deployment > service) and the tiers it shadows. Keys only, sorted.
 */
export function effectiveEnvironment(keys: TierKeys): EffectiveKey[] {
  const byKey = new Map<string, EffectiveKey>();
  for (const tier of SECRET_TIERS) {
    for (const key of new Set(keys[tier])) {
      const existing = byKey.get(key);
      if (existing) existing.shadowed.push({ tier });
      else byKey.set(key, { key, tier, shadowed: [] });
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
