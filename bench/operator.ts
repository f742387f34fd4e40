/**
 * Operator benchmark against the local control plane (its own kube-sim cluster "bench-operator"):
 *  - create → Ready latency, p50/p99, for 1 deployment (20 runs, one after another) and for 200
 *    created at once;
 *  - throughput reconciling 1,000 deployments (2 services each: 7 children + status), as a ratio
 *    to a bare client server-side-applying the same children directly (target ≥ 0.7);
 *  - operator restart with 1,000 unchanged deployments: settle time and writes (target 0);
 *  - operator RSS with 1,000 deployments (target ≤ 256 MiB).
 * The operator runs in its own process (apps/operator/test/operator.process.ts).
 *
 *   npx tsx bench/operator.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { userDeploymentSchema } from '@k8s-scheduler/crds';
import { desiredDeploymentChildren, type ChildObject } from '@k8s-scheduler/domain';
import { ensureCluster, findFreePortBase, kubeSimAvailability, stopCluster } from '../tools/kube-sim/cluster';
import { createInformer } from '../apps/operator/src/controller/informer';
import { createKubeClient, type KubeClient, type KubeObject } from '../apps/operator/src/kube/kube.client';
import { defaultOperatorConfig } from '../apps/operator/src/config';
import { UD_TYPE, buildService, buildUserDeployment, installPlatformCrds, statusOf } from '../apps/operator/test/operator.fixtures';

const clusterName = process.env.OPERATOR_BENCH_CLUSTER ?? 'bench-operator';
const COUNT_BATCH = Number(process.env.OPERATOR_BENCH_BATCH ?? 200);
const COUNT_BULK = Number(process.env.OPERATOR_BENCH_BULK ?? 1000);
const CONCURRENCY = defaultOperatorConfig.concurrency;
const run = 'bench';

const pct = (values: number[], p: number): number => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (n: number): string => `${n.toFixed(0)} ms`;
/** Samples that never became Ready are NaN: say how many, rather than hide them. */
const incomplete = (values: number[]): string => {
  const missing = values.filter((v) => Number.isNaN(v)).length;
  return missing ? ` — ${missing} of ${values.length} NOT Ready within the deadline (percentiles over the rest)` : '';
};

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
}

type OperatorProcess = { proc: ChildProcess; port: number; leadingAt: number; idle: () => Promise<number>; startedAt: number };

/** Starts the operator process; resolves once it leads (its caches are synced). */
function startOperator(kubeconfigPath: string, namespace: string): Promise<OperatorProcess> {
  const startedAt = performance.now();
  const config = { watchNamespace: namespace, labelSelector: `k8s-scheduler.io/test-run=${run}`, leaderElection: false, notReadyRequeueMs: 2_000 };
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/operator/test/operator.process.ts', JSON.stringify({ kubeconfigPath, config, port: 0 })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let idleWaiters: Array<(t: number) => void> = [];
  let idleAt: number | undefined;
  return new Promise((resolve, reject) => {
    let port = 0;
    proc.stdout?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line.startsWith('port=')) port = Number(line.slice(5));
        if (line === 'leading') {
          resolve({
            proc,
            port,
            startedAt,
            leadingAt: performance.now(),
            // The process reports `idle` once, when its queues first drain after it started leading.
            idle: () => new Promise((r) => (idleAt !== undefined ? r(idleAt) : idleWaiters.push(r))),
          });
        }
        if (line === 'idle') {
          const now = performance.now();
          idleAt = now;
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const w of waiters) w(now);
        }
      }
    });
    proc.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL') console.error(`operator process exited (${code ?? signal})`);
      reject(new Error(`operator exited (${code ?? signal})`));
    });
  });
}

async function stopOperator(op: OperatorProcess): Promise<void> {
  const exited = new Promise((r) => op.proc.once('exit', r));
  op.proc.kill('SIGKILL');
  await exited;
}

async function scrapeWrites(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^k8s_scheduler_operator_kube_requests_total\{verb="(create|update|patch|delete)",kind="([^"]+)"\} (\d+)/.exec(line);
    if (m && m[2] !== 'Lease') sum += Number(m[3]);
  }
  return sum;
}

function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Watches the namespace's UserDeployments and reports when each reaches a predicate. */
function tracker(client: KubeClient, namespace: string) {
  const waiters = new Map<string, { pred: (o: KubeObject) => boolean; resolve: (t: number) => void }>();
  const check = (o: KubeObject): void => {
    const w = waiters.get(o.metadata.name);
    if (w && w.pred(o)) {
      waiters.delete(o.metadata.name);
      w.resolve(performance.now());
    }
  };
  const informer = createInformer({
    name: 'bench-ud',
    source: {
      list: () => client.list(UD_TYPE, { namespace }),
      watch: (rv, onEvent, signal) => client.watch(UD_TYPE, { namespace, resourceVersion: rv, timeoutSeconds: 600 }, onEvent, signal),
    },
  });
  informer.addHandlers({ add: check, update: (_o, n) => check(n) });
  informer.start();
  return {
    informer,
    /** Time the object first satisfied `pred`, or NaN after `timeoutMs`. */
    within(name: string, pred: (o: KubeObject) => boolean, timeoutMs: number): Promise<number> {
      return Promise.race([this.when(name, pred), new Promise<number>((r) => setTimeout(() => r(NaN), timeoutMs).unref())]);
    },
    when(name: string, pred: (o: KubeObject) => boolean): Promise<number> {
      return new Promise((resolve) => {
        const live = informer.get(`${namespace}/${name}`);
        if (live && pred(live)) return resolve(performance.now());
        waiters.set(name, { pred, resolve });
      });
    },
  };
}

const isReady = (o: KubeObject): boolean => statusOf(o)?.phase === 'Ready' && statusOf(o)?.observedGeneration === o.metadata.generation;
const isReconciled = (o: KubeObject): boolean => statusOf(o)?.observedGeneration === o.metadata.generation && statusOf(o)?.phase !== undefined;

/**
 * On this 2-core machine under load, kwok's node heartbeats can starve past the controller
 * manager's grace period; the node lifecycle controller then marks every pod NotReady and kwok
 * never flips them back, which would measure the machine, not the operator. The bench renews the
 * fake nodes' Leases itself (OPERATOR_BENCH_NODE_KEEPALIVE=0 turns this off).
 */
function keepNodesAlive(client: KubeClient): () => void {
  if (process.env.OPERATOR_BENCH_NODE_KEEPALIVE === '0') return () => undefined;
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' };
  const tick = async (): Promise<void> => {
    const leases = await client.list(lease, { namespace: 'kube-node-lease' });
    const renewTime = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    await Promise.all(leases.items.map((l) => client.mergePatch(lease, l.metadata.name, 'kube-node-lease', { spec: { renewTime } })));
  };
  const timer = setInterval(() => {
    tick().catch((error: unknown) => console.error(`node keepalive failed: ${String(error)}`));
  }, 5_000);
  return () => clearInterval(timer);
}

async function ensureNamespace(client: KubeClient, name: string): Promise<void> {
  if (!(await client.get({ apiVersion: 'v1', kind: 'Namespace' }, name))) {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
}

function twoServiceDeployment(namespace: string, name: string, replicas: number): KubeObject {
  return buildUserDeployment({
    namespace,
    name,
    run,
    spec: {
      services: [
        buildService({ name: 'web', replicas, configFiles: [{ path: '/etc/web/app.conf', content: `name=${name}\n` }] }),
        buildService({ name: 'api', replicas, ports: [{ name: 'http', containerPort: 9000 }] }),
      ],
      ingress: { service: 'web', port: 8080, host: `${name}.apps.bench`, tls: true },
    },
  });
}

async function main(): Promise<void> {
  const availability = kubeSimAvailability();
  if (!availability.available) {
    console.log(`operator bench: cannot run here: ${availability.reason}`);
    process.exitCode = 1;
    return;
  }
  await stopCluster(clusterName, { onProgress: () => undefined });
  const cluster = await ensureCluster({ name: clusterName, portBase: await findFreePortBase(), onProgress: () => undefined });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  // The machine may be heavily loaded: give requests time rather than failing the run.
  const client = createKubeClient(kc, { requestTimeoutMs: 120_000 });
  const stopKeepalive = keepNodesAlive(client);
  const only = process.env.OPERATOR_BENCH_ONLY ?? 'all';
  try {
    await installPlatformCrds(client);

    if (only !== 'bulk') {
      // 1) create → Ready latency: 1 at a time, then 200 at once.
      const ns1 = 'bench-latency';
      await ensureNamespace(client, ns1);
      const op = await startOperator(cluster.kubeconfigPath, ns1);
      const track1 = tracker(client, ns1);
      await track1.informer.waitForSync();
      const single: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const name = `one-${i}`;
        const t0 = performance.now();
        await client.create(twoServiceDeployment(ns1, name, 1));
        single.push((await track1.within(name, isReady, 60_000)) - t0);
      }
      console.log(`create→Ready, 1 deployment (20 runs):    p50 ${ms(pct(single, 50))}, p99 ${ms(pct(single, 99))}${incomplete(single)}`);

      const batch: number[] = [];
      const names = Array.from({ length: COUNT_BATCH }, (_, i) => `batch-${i}`);
      const waits: Array<Promise<void>> = [];
      await pool(names, 50, async (name) => {
        const t0 = performance.now();
        await client.create(buildUserDeployment({ namespace: ns1, name, run, spec: { services: [buildService({ replicas: 1 })] } }));
        waits.push(track1.within(name, isReady, 180_000).then((t) => void batch.push(t - t0)));
      });
      await Promise.all(waits);
      console.log(`create→Ready, ${COUNT_BATCH} deployments at once:    p50 ${ms(pct(batch, 50))}, p99 ${ms(pct(batch, 99))}${incomplete(batch)}`);
      await track1.informer.stop();
      await stopOperator(op);
    }
    if (only === 'latency') return;

    // 2) throughput: 1,000 deployments reconciled by the operator vs applied by a bare client.
    const ns2 = 'bench-bulk';
    await ensureNamespace(client, ns2);
    const bulkNames = Array.from({ length: COUNT_BULK }, (_, i) => `bulk-${i}`);
    // replicas 0: the fake nodes hold 330 pods; this measures reconcile work, not scheduling.
    await pool(bulkNames, 50, (name) => client.create(twoServiceDeployment(ns2, name, 0)));
    const track2 = tracker(client, ns2);
    await track2.informer.waitForSync();
    let op = await startOperator(cluster.kubeconfigPath, ns2);
    const reconciledAt = await Promise.all(bulkNames.map((n) => track2.when(n, isReconciled)));
    const operatorMs = Math.max(...reconciledAt) - op.leadingAt;
    const childrenPerDeployment = 7;
    const objects = COUNT_BULK * childrenPerDeployment;
    console.log(
      `operator reconciled ${COUNT_BULK} deployments (${objects} children + finalizer + status) in ${ms(operatorMs)} ` +
        `(${((objects / operatorMs) * 1000).toFixed(0)} children/s)`,
    );
    await Promise.all(bulkNames.map((n) => track2.when(n, isReady)));
    await op.idle();
    await track2.informer.stop();

    const ns3 = 'bench-bare';
    await ensureNamespace(client, ns3);
    const bareObjects: ChildObject[] = [];
    for (const name of bulkNames) {
      const ud = userDeploymentSchema.parse({ ...twoServiceDeployment(ns3, name, 0), metadata: { name, namespace: ns3, uid: 'none' } });
      for (const obj of desiredDeploymentChildren({
        deployment: ud,
        config: {
          ingressClass: 'nginx',
          clusterIssuer: 'letsencrypt',
          ingressControllerNamespace: 'ingress-nginx',
          dedicatedNodeLabel: 'x',
          dedicatedTaintKey: 'x',
          externalSecrets: null,
        },
        tenant: null,
        secrets: { mode: 'builtin', values: {}, checksums: {} },
      })) {
        bareObjects.push({ ...obj, metadata: { ...obj.metadata, ownerReferences: undefined } });
      }
    }
    const tb = performance.now();
    // The bare client gets as many requests in flight as the operator can have (workers × children).
    await pool(bareObjects, CONCURRENCY * childrenPerDeployment, (obj) => client.apply(obj as KubeObject, { fieldManager: 'bench-bare', force: true }));
    const bareMs = performance.now() - tb;
    console.log(
      `throughput, ${COUNT_BULK} deployments (${objects} children): operator ${ms(operatorMs)} (${((objects / operatorMs) * 1000).toFixed(0)} obj/s, ` +
        `+ finalizer and status writes), bare client ${ms(bareMs)} (${((objects / bareMs) * 1000).toFixed(0)} obj/s) → ratio ${(bareMs / operatorMs).toFixed(2)} (target ≥ 0.7)`,
    );

    // 3) restart with 1,000 unchanged deployments; 4) RSS.
    const before = rssMiB(op.proc.pid!);
    await stopOperator(op);
    op = await startOperator(cluster.kubeconfigPath, ns2);
    const settledAt = await op.idle();
    const writes = await scrapeWrites(op.port);
    const mem = rssMiB(op.proc.pid!);
    console.log(
      `restart, ${COUNT_BULK} unchanged deployments: settled in ${ms(settledAt - op.startedAt)} from process start ` +
        `(${ms(settledAt - op.leadingAt)} after caches synced), writes ${writes} (target 0)`,
    );
    console.log(
      `operator RSS with ${COUNT_BULK} deployments: ${mem.rss.toFixed(0)} MiB after restart (peak ${mem.peak.toFixed(0)} MiB); ` +
        `${before.rss.toFixed(0)} MiB (peak ${before.peak.toFixed(0)} MiB) after the bulk reconcile (target ≤ 256 MiB)`,
    );
    await stopOperator(op);
  } finally {
    stopKeepalive();
    await client.close();
    await stopCluster(clusterName, { onProgress: () => undefined });
  }
}

await main();
