import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { startHealthServer } from './health';
import { createOperatorMetrics } from './metrics';

describe('startHealthServer', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
  });

  it('answers /healthz, /readyz by readiness, and /metrics in Prometheus format', async () => {
    const metrics = createOperatorMetrics();
    metrics.reconciles.inc({ controller: 'deployment', result: 'done' });
    let ready = false;
    server = await startHealthServer({ port: 0, ready: () => ready, registry: metrics.registry });
    const address = server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const body = await (await fetch(`${base}/metrics`)).text();
    expect(body).toContain(
      'k8s_scheduler_operator_reconciles_total{controller="deployment",result="done"} 1',
    );
    expect(body).toContain('k8s_scheduler_operator_watch_restarts_total');
    expect(body).toContain('k8s_scheduler_operator_reconcile_duration_seconds');
    expect(body).toContain('k8s_scheduler_operator_queue_depth');
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
