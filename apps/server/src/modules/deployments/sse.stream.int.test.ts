import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { startSse, type SseOptions, type SseStream } from './sse.stream';
import { openSse } from './sse.testing';

describe('startSse', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  async function serve(opts: SseOptions, onStream: (s: SseStream) => void = () => undefined) {
    app = Fastify();
    app.get('/s', async (_request, reply) => {
      onStream(startSse(reply, opts));
      return reply;
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }

  it('sends retry, events and heartbeats, and ends after its maximum age (the browser then reconnects)', async () => {
    const base = await serve({ heartbeatMs: 40, maxAgeMs: 300, retryMs: 1234 }, (s) =>
      s.send('hello', { a: 1 }),
    );
    const client = await openSse(base, '/s', {});
    expect(client.status).toBe(200);
    expect(client.headers['x-accel-buffering']).toBe('no');
    const raw = await client.body();
    expect(raw.startsWith('retry: 1234\n\n')).toBe(true);
    expect(raw).toContain('event: hello\ndata: {"a":1}\n\n');
    expect(raw.match(/: keep-alive\n\n/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(client.events).toEqual([{ event: 'hello', data: { a: 1 } }]);
  });

  it('cuts off a client that does not read once too much is buffered', async () => {
    let stream: SseStream | null = null;
    const base = await serve({ maxBufferedBytes: 64 * 1024 }, (s) => (stream = s));
    const client = await openSse(base, '/s', {});
    // Stop reading: the socket buffers fill, then the stream's own buffer passes its limit.
    client.pause();
    const big = 'x'.repeat(16 * 1024);
    for (let i = 0; i < 2000 && !stream!.ended; i++) stream!.send('big', big);
    expect(stream!.ended).toBe(true);
    client.close();
  });

  it('resolves done when the client goes away', async () => {
    let stream: SseStream | null = null;
    const base = await serve({}, (s) => (stream = s));
    const client = await openSse(base, '/s', {});
    client.close();
    await stream!.done;
    expect(stream!.ended).toBe(true);
  });
});
