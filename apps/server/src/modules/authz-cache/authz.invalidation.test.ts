import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../../db/database';
import type { ChannelHandlers, PgListener } from '../../db/notify';
import { authzKeys } from './authz.cache';
import { startAuthzCache } from './authz.invalidation';

/** A listener whose connection swallows notifications (half-open): nothing ever arrives. */
function deafListener() {
  let connected = true;
  const subscribers: ChannelHandlers[] = [];
  const listener: PgListener = {
    async listen(_channel, handlers) {
      subscribers.push(handlers);
      return async () => undefined;
    },
    connected: () => connected,
    reconnect: vi.fn(() => {
      connected = false;
    }),
    close: async () => undefined,
  };
  return {
    listener,
    /** The connection is back: subscribers resync. */
    back() {
      connected = true;
      for (const s of subscribers) s.onResync?.();
    },
  };
}

const database = {
  kind: 'postgres',
  db: { execute: vi.fn(async () => ({ rows: [] })) },
} as unknown as Database;

describe('authorization cache sync', () => {
  it('treats the listener as lost when its own notification does not come back, instead of flushing', async () => {
    const { listener, back } = deafListener();
    const runtime = await startAuthzCache({
      database,
      listener,
      logger: pino({ level: 'silent' }),
      syncTimeoutMs: 20,
    });
    await runtime.cache.get(authzKeys.user('u1'), async () => ({ value: 'row', userId: 'u1' }));
    expect(runtime.cache.size).toBe(1);
    const flush = vi.spyOn(runtime.cache, 'flush');

    await runtime.sync();
    expect(listener.reconnect).toHaveBeenCalledTimes(1);
    expect(flush).not.toHaveBeenCalled();
    // While the listener is down the cache is bypassed: a load is not served from it.
    const load = vi.fn(async () => ({ value: 'fresh', userId: 'u1' }));
    expect(await runtime.cache.get(authzKeys.user('u1'), load)).toBe('fresh');
    expect(load).toHaveBeenCalledTimes(1);
    // A sync while the listener is down waits for nothing.
    await runtime.sync();
    expect(listener.reconnect).toHaveBeenCalledTimes(1);
    // Listening again: everything cached before is dropped.
    back();
    expect(runtime.cache.size).toBe(0);
    await runtime.close();
  });
});
