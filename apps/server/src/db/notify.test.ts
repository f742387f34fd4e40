import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPinger } from './notify';

describe('listener ping', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a check that does not answer in time, and starts no second check while one is outstanding', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const check = () => {
      calls++;
      return new Promise<void>(() => undefined); // a half-open connection: never answers
    };
    const onLost = vi.fn();
    const pinger = createPinger(check, 5000, onLost);
    expect(pinger.ping()).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(pinger.ping()).toBe(false);
    expect(calls).toBe(1);
    expect(onLost).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2001);
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(String(onLost.mock.calls[0]?.[0])).toMatch(/unanswered after 5000 ms/);
    expect(pinger.outstanding).toBe(false);
  });

  it('reports a failed check at once and nothing for answered ones', async () => {
    const onLost = vi.fn();
    const ok = createPinger(async () => 1, 50, onLost);
    ok.ping();
    await new Promise((r) => setTimeout(r, 80));
    expect(onLost).not.toHaveBeenCalled();
    expect(ok.ping()).toBe(true);
    const failing = createPinger(async () => Promise.reject(new Error('connection reset')), 5000, onLost);
    failing.ping();
    await vi.waitFor(() => expect(onLost).toHaveBeenCalledTimes(1));
    expect(String(onLost.mock.calls[0]?.[0])).toMatch(/connection reset/);
  });
});
