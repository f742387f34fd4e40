import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The AES-256 keys of the built-in store. Each ciphertext records the id of the key that sealed it,
 * so a new key can be introduced while older ciphertexts stay readable with the previous ones.
 */
export interface Keyring {
  /** The key new values are sealed with. */
  current: { id: string; key: Buffer };
  /** Every known key by id (current + previous). */
  byId: ReadonlyMap<string, Buffer>;
}

export const KEY_FILE_NAME = 'secrets.key';

/** A key's id: a short SHA-256 fingerprint. It identifies the key without revealing it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('k8s-scheduler/secrets-key-id\0').update(key).digest('hex').slice(0, 16);
}

function decodeKey(base64: string, what: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${what}: expected base64 of exactly 32 bytes`);
  return key;
}

/** Builds a keyring from base64 keys: the first is current, the rest are previous keys (rotation). */
export function keyringFrom(current: string, previous: readonly string[] = []): Keyring {
  const currentKey = decodeKey(current, 'current key');
  const byId = new Map<string, Buffer>();
  for (const [i, b64] of previous.entries()) {
    const key = decodeKey(b64, `previous key ${i + 1}`);
    byId.set(keyIdOf(key), key);
  }
  const id = keyIdOf(currentKey);
  byId.set(id, currentKey);
  return { current: { id, key: currentKey }, byId };
}

/**
 * The embedded default's key: `DATA_DIR/secrets.key` (base64, mode 0600), generated on first start
 * and reused afterwards. Exclusive creation, so two processes starting at once agree on one key.
 */
export async function loadOrCreateKeyFile(
  dataDir: string,
): Promise<{ key: string; created: boolean; file: string }> {
  const file = path.join(dataDir, KEY_FILE_NAME);
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return { key: (await readFile(file, 'utf8')).trim(), created: true, file };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = (await readFile(file, 'utf8')).trim();
  decodeKey(key, file);
  return { key, created: false, file };
}
