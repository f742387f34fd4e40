import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyIdOf, keyringFrom, loadOrCreateKeyFile } from '@k8s-scheduler/secrets';
import { open, seal } from './builtin.store';

const b64 = () => randomBytes(32).toString('base64');

describe('AES-256-GCM sealing', () => {
  const keyring = keyringFrom(b64());
  const id = '6f0c2d3e-0000-4000-8000-000000000001';

  it('round-trips a value and never stores the plaintext', () => {
    const sealed = seal(keyring, id, 'hunter2-ünïcode');
    expect(sealed.ciphertext.toString('utf8')).not.toContain('hunter2');
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.authTag).toHaveLength(16);
    expect(sealed.keyId).toBe(keyring.current.id);
    expect(open(keyring, id, sealed)).toBe('hunter2-ünïcode');
  });

  it('uses a fresh IV per write', () => {
    const a = seal(keyring, id, 'same');
    const b = seal(keyring, id, 'same');
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('binds a ciphertext to its row: moved to another secret it fails to open', () => {
    const sealed = seal(keyring, id, 'value-of-org-a');
    expect(() => open(keyring, '6f0c2d3e-0000-4000-8000-000000000002', sealed)).toThrow(
      /failed authentication/,
    );
  });

  it('detects tampering and never puts the value in the error', () => {
    const sealed = seal(keyring, id, 'TOP-SECRET-VALUE');
    sealed.ciphertext[0] = (sealed.ciphertext[0] ?? 0) ^ 1;
    expect(() => open(keyring, id, sealed)).toThrow(/failed authentication/);
    try {
      open(keyring, id, sealed);
    } catch (err) {
      expect(String(err)).not.toContain('TOP-SECRET-VALUE');
    }
  });

  it('opens values sealed with a previous key after rotation, refuses unknown keys', () => {
    const oldKey = b64();
    const before = keyringFrom(oldKey);
    const sealed = seal(before, id, 'from-before-rotation');
    const after = keyringFrom(b64(), [oldKey]);
    expect(after.current.id).not.toBe(before.current.id);
    expect(open(after, id, sealed)).toBe('from-before-rotation');
    expect(() => open(keyringFrom(b64()), id, sealed)).toThrow(/unknown key/);
  });

  it('key ids are stable fingerprints that do not contain the key', () => {
    const key = randomBytes(32);
    expect(keyIdOf(key)).toBe(keyIdOf(Buffer.from(key)));
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(key.toString('hex')).not.toContain(keyIdOf(key));
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => keyringFrom(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('the generated key file of the embedded default', () => {
  it('is created once with mode 0600 and reused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ks-key-'));
    const first = await loadOrCreateKeyFile(path.join(dir, 'data'));
    expect(first.created).toBe(true);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);
    const second = await loadOrCreateKeyFile(path.join(dir, 'data'));
    expect(second).toMatchObject({ created: false, key: first.key });
    expect(readFileSync(first.file, 'utf8').trim()).toBe(first.key);
  });

  it('refuses a corrupt key file instead of silently replacing it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ks-key-'));
    writeFileSync(path.join(dir, 'secrets.key'), 'not-a-key\n', { mode: 0o600 });
    await expect(loadOrCreateKeyFile(dir)).rejects.toThrow(/32 bytes/);
  });
});
