import { SHARED_NAMESPACE, type Isolation } from '@k8s-scheduler/crds';

export { SHARED_NAMESPACE } from '@k8s-scheduler/crds';

/** DNS-1123 label: lowercase letters, digits and `-`, starting and ending alphanumeric, ≤ 63 chars. */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_LABEL_MAX = 63;

/** A plain-language problem with `name` as a DNS-1123 label, or null when it is valid. */
export function dnsLabelProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > DNS_LABEL_MAX)
    return `must be at most ${DNS_LABEL_MAX} characters (it has ${name.length})`;
  if (/[A-Z]/.test(name)) return 'must be lowercase';
  if (!/^[a-z0-9-]+$/.test(name)) return 'may contain only lowercase letters, digits and "-"';
  if (!DNS_LABEL_PATTERN.test(name)) return 'must start and end with a letter or digit';
  return null;
}

export function isDnsLabel(name: string): boolean {
  return dnsLabelProblem(name) === null;
}

/** A DNS-1123 label made from free text: "My Org!" → "my-org". May return "" for text with no letters or digits. */
export function slugify(text: string, maxLength = DNS_LABEL_MAX): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

const ADJECTIVES = [
  'amber',
  'bold',
  'brave',
  'bright',
  'calm',
  'clever',
  'cosmic',
  'crisp',
  'eager',
  'fancy',
  'gentle',
  'happy',
  'jolly',
  'keen',
  'lively',
  'lucky',
  'mellow',
  'nimble',
  'proud',
  'quiet',
  'rapid',
  'shiny',
  'silent',
  'snowy',
  'steady',
  'sunny',
  'swift',
  'tidy',
  'vivid',
  'witty',
] as const;
const NOUNS = [
  'badger',
  'breeze',
  'canyon',
  'comet',
  'falcon',
  'forest',
  'galaxy',
  'harbor',
  'island',
  'lagoon',
  'maple',
  'meadow',
  'nebula',
  'otter',
  'panda',
  'pebble',
  'pine',
  'planet',
  'raven',
  'river',
  'rocket',
  'summit',
  'tiger',
  'valley',
  'willow',
  'zephyr',
  'ember',
  'glacier',
  'heron',
  'orchid',
] as const;
const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A random deployment name like `swift-otter-x7k2`. Pass `random` (0 ≤ r < 1) for determinism. */
export function generateDeploymentName(random: () => number = Math.random): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length) % list.length] as T;
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += pick([...SUFFIX_ALPHABET]);
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${suffix}`;
}

/** Prefix of per-org namespaces. */
export const ORG_NAMESPACE_PREFIX = 'ks-org-';

/** The namespace an org's deployments run in: `ks-shared` for shared isolation, else `ks-org-<slug>`. */
export function namespaceFor(isolation: Isolation, orgSlug: string): string {
  if (isolation === 'shared') return SHARED_NAMESPACE;
  const slug = slugify(orgSlug, DNS_LABEL_MAX - ORG_NAMESPACE_PREFIX.length);
  if (!slug) throw new RangeError(`org slug "${orgSlug}" gives no valid namespace name`);
  return `${ORG_NAMESPACE_PREFIX}${slug}`;
}

/** The public host of a deployment: `<name>.<domain>`. */
export function deploymentHost(name: string, domain: string): string {
  return `${name}.${domain.replace(/^\.+|\.+$/g, '').toLowerCase()}`;
}
