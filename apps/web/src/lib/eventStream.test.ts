import { describe, expect, it } from 'vitest';
import { connectEventStream, type EventSourceLike, type StreamStatus } from './eventStream';

class FakeEventSource implements EventSourceLike {
  readyState = 0;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  emit(type: string, data: string) {
    this.readyState = 1;
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent<string>);
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

function setup() {
  const sources: FakeEventSource[] = [];
  const statuses: StreamStatus[] = [];
  const received: unknown[] = [];
  const timers: Array<{ fn: () => void; ms: number }> = [];
  const stop = connectEventStream('/events', {
    handlers: { snapshot: (d) => received.push(d), deployment: (d) => received.push(d) },
    liveOn: 'snapshot',
    onStatus: (s) => statuses.push(s),
    open: (url) => {
      const es = new FakeEventSource(url);
      sources.push(es);
      return es;
    },
    baseDelayMs: 1000,
    schedule: (fn, ms) => {
      const t = { fn, ms };
      timers.push(t);
      return () => timers.splice(timers.indexOf(t), 1);
    },
  });
  return { sources, statuses, received, timers, stop };
}

describe('connectEventStream', () => {
  it('is live once the snapshot arrives and hands parsed events to their handlers', () => {
    const s = setup();
    expect(s.statuses).toEqual(['connecting']);
    s.sources[0]!.emit('deployment', '{"id":"a"}');
    expect(s.statuses).toEqual(['connecting']);
    s.sources[0]!.emit('snapshot', '{"items":[]}');
    expect(s.statuses).toEqual(['connecting', 'live']);
    expect(s.received).toEqual([{ id: 'a' }, { items: [] }]);
  });

  it('lets the browser retry a dropped connection, and opens a new one with backoff when it gives up', () => {
    const s = setup();
    s.sources[0]!.emit('snapshot', '{}');
    s.sources[0]!.fail(0);
    expect(s.statuses.at(-1)).toBe('reconnecting');
    expect(s.timers).toHaveLength(0);
    s.sources[0]!.fail(2);
    expect(s.timers.map((t) => t.ms)).toEqual([1000]);
    s.timers.shift()!.fn();
    expect(s.sources).toHaveLength(2);
    s.sources[1]!.fail(2);
    expect(s.timers.map((t) => t.ms)).toEqual([2000]);
    s.timers.shift()!.fn();
    s.sources[2]!.emit('snapshot', '{}');
    expect(s.statuses.at(-1)).toBe('live');
    s.sources[2]!.fail(2);
    expect(s.timers.map((t) => t.ms)).toEqual([1000]);
  });

  it('closes the source and cancels a pending retry when stopped', () => {
    const s = setup();
    s.sources[0]!.fail(2);
    expect(s.timers).toHaveLength(1);
    s.stop();
    expect(s.timers).toHaveLength(0);
    expect(s.sources[0]!.closed).toBe(true);
  });
});
