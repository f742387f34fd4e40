import { hashString } from './children.hash';

const MAX_NAME = 63;

/**
 * Joins parts into a DNS-1123 label (lowercase alphanumerics and '-', at most 63 characters).
 * A name that would be too long is cut and suffixed with a hash of the whole, so it stays unique.
 */
export function childName(...parts: string[]): string {
  const joined = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (joined.length <= MAX_NAME) return joined;
  const suffix = hashString(joined).slice(0, 8);
  return `${joined.slice(0, MAX_NAME - suffix.length - 1).replace(/-$/, '')}-${suffix}`;
}

/** Base64 of a UTF-8 string without Node's Buffer (this package also runs in the browser). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1] ?? 0;
    const b2 = bytes[i + 2] ?? 0;
    const n = (b0 << 16) | (b1 << 8) | b2;
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? alphabet[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? alphabet[n & 63]! : '=';
  }
  return out;
}
