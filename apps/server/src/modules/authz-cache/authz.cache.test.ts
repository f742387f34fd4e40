import { describe, expect, it } from 'vitest';
import { authzKeys, createAuthzCache, type Loaded } from './authz.cache';

/** A loader that counts its calls and answers `value` for `userId`. */
function loader<T>(value: T, userId = 'u1', expiresAt?: number) {
  const calls = { n: 0 };
  const load = async (): Promise<Loaded<T>> => {
    calls.n++;
    return { value, userId, expiresAt };
  };
  return { load, calls };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('authorization cache', () => {
  it('serves a loaded value until its TTL, then loads again', async () => {
    let now = 1000;
    const cache = createAuthzCache({ ttlMs: 30_000, now: () => now });
    const { load, calls } = loader({ role: 'org_admin' });
    expect(await cache.get(authzKeys.roles('u1'), load)).toEqual({ role: 'org_admin' });
    now += 29_999;
    await cache.get(authzKeys.roles('u1'), load);
    expect(calls.n).toBe(1);
    now += 1;
    await cache.get(authzKeys.roles('u1'), load);
    expect(calls.n).toBe(2);
  });

  it('keeps sessions shorter, and nothing past its own expiry', async () => {
    let now = 0;
    const cache = createAuthzCache({ ttlMs: 30_000, sessionTtlMs: 5_000, now: () => now });
    const session = loader({ userId: 'u1' });
    await cache.get(authzKeys.session('h'), session.load, 'session');
    now = 5_000;
    await cache.get(authzKeys.session('h'), session.load, 'session');
    expect(session.calls.n).toBe(2);
    const key = loader({ id: 'k' }, 'u1', 7_000);
    await cache.get(authzKeys.apiKey('t'), key.load);
    now = 7_000;
    await cache.get(authzKeys.apiKey('t'), key.load);
    expect(key.calls.n).toBe(2);
  });

  it('does not store null results', async () => {
    const cache = createAuthzCache();
    let calls = 0;
    const load = async () => {
      calls++;
      return null;
    };
    expect(await cache.get('u:missing', load)).toBeNull();
    expect(await cache.get('u:missing', load)).toBeNull();
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it("evicts every entry of a user and only that user's", async () => {
    const cache = createAuthzCache();
    const a = loader('a', 'u1');
    const b = loader('b', 'u2');
    await cache.get(authzKeys.user('u1'), a.load);
    await cache.get(authzKeys.roles('u1'), a.load);
    await cache.get(authzKeys.apiKey('hash-of-u1-key'), a.load);
    await cache.get(authzKeys.roles('u2'), b.load);
    cache.evictUser('u1');
    expect(cache.size).toBe(1);
    await cache.get(authzKeys.roles('u1'), a.load);
    await cache.get(authzKeys.apiKey('hash-of-u1-key'), a.load);
    await cache.get(authzKeys.roles('u2'), b.load);
    expect(a.calls.n).toBe(5);
    expect(b.calls.n).toBe(1);
  });

  it('never stores a load that was running while something was evicted', async () => {
    const cache = createAuthzCache();
    const gate = deferred<Loaded<string>>();
    const stale = cache.get(authzKeys.roles('u1'), () => gate.promise);
    cache.evictUser('u1');
    gate.resolve({ value: 'old roles', userId: 'u1' });
    expect(await stale).toBe('old roles');
    expect(cache.size).toBe(0);
    const fresh = loader('new roles');
    expect(await cache.get(authzKeys.roles('u1'), fresh.load)).toBe('new roles');
  });

  it('shares one load between concurrent misses, but not across an eviction', async () => {
    const cache = createAuthzCache();
    const gate = deferred<Loaded<string>>();
    let calls = 0;
    const load = () => {
      calls++;
      return gate.promise;
    };
    const first = cache.get('r:u1', load);
    const second = cache.get('r:u1', load);
    expect(calls).toBe(1);
    cache.flush();
    const third = cache.get('r:u1', async () => {
      calls++;
      return { value: 'after flush', userId: 'u1' };
    });
    gate.resolve({ value: 'before flush', userId: 'u1' });
    expect([await first, await second, await third]).toEqual(['before flush', 'before flush', 'after flush']);
    expect(calls).toBe(2);
  });

  it('drops the least recently used entry beyond its bound', async () => {
    const cache = createAuthzCache({ maxEntries: 2 });
    const l = (v: string) => loader(v, v);
    const a = l('a');
    await cache.get('r:a', a.load);
    await cache.get('r:b', l('b').load);
    await cache.get('r:a', a.load); // a is now the most recently used
    await cache.get('r:c', l('c').load); // evicts b
    expect(cache.size).toBe(2);
    await cache.get('r:a', a.load);
    expect(a.calls.n).toBe(1);
    const b = l('b');
    await cache.get('r:b', b.load);
    expect(b.calls.n).toBe(1);
  });

  it('is bypassed while invalidations may be missed', async () => {
    let listening = false;
    const cache = createAuthzCache({ active: () => listening });
    const { load, calls } = loader('roles');
    await cache.get('r:u1', load);
    await cache.get('r:u1', load);
    expect(calls.n).toBe(2);
    expect(cache.size).toBe(0);
    listening = true;
    await cache.get('r:u1', load);
    await cache.get('r:u1', load);
    expect(calls.n).toBe(3);
  });

  it('passes load errors through and caches nothing', async () => {
    const cache = createAuthzCache();
    await expect(cache.get('r:u1', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(cache.size).toBe(0);
    expect(await cache.get('r:u1', loader('ok').load)).toBe('ok');
  });
});
