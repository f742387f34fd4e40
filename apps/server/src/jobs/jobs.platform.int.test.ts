import { describe, expect, it } from 'vitest';
import { startTestPlatform } from '../../test/harness';

describe('platform job runner', () => {
  it('is started with the platform, runs a job registered later, and stops with it', async () => {
    const t = await startTestPlatform();
    let runs = 0;
    let stoppedWhileRunning = false;
    try {
      t.platform.services.jobs.register({
        name: 'platform-smoke',
        intervalMs: 60_000,
        run: async (signal) => {
          runs++;
          await new Promise((r) => setTimeout(r, 200));
          stoppedWhileRunning = signal.aborted;
        },
      });
      const deadline = Date.now() + 5000;
      while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(runs).toBe(1);
      expect(t.platform.services.jobs.holds('platform-smoke')).toBe(true);
    } finally {
      await t.close();
    }
    // close() waited for the run (which saw its signal abort) and released the lease.
    expect(stoppedWhileRunning).toBe(true);
    expect(t.platform.services.jobs.holds('platform-smoke')).toBe(false);
  });
});
