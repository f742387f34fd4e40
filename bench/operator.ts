/**
 * Operator benchmark against the local control plane (its own kube-sim cluster "bench-operator"):
 *  - create → Ready latency, p50/p99, for 1 deployment (20 runs, one after another) and for 200
 *    created at once;
 *  - throughput reconciling 1,000 deployments (2 services each: 7 children + status), as a ratio
 *    to a bare client server-side-applying the same children directly (target ≥ 0.7);
 *  - operator restart with 1,000 unchanged deployments: settle time and writes (target 0);
 *  - operator RSS with 1,000 deployments (target ≤ 256 MiB).
 * The operator runs in its own process as production runs it: `k8s-scheduler operator` from the
 * esbuild bundle on plain Node (built first), configured by environment variables. Its figures come
 * from its own /metrics (leading, queue depth, in-flight reconciles, writes) and /proc (RSS).
 * OPERATOR_BENCH_NODE_FLAGS sets its V8 flags (default: the README's production flags).
 *
 *   npx tsx bench/operator.ts
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { userDeploymentSchema } from '@k8s-scheduler/crds';
import { desiredDeploymentChildren, type ChildObject } from '@k8s-scheduler/domain';
import { ensureCluster, findFreePortBase, kubeSimAvailability, stopCluster } from '../tools/kube-sim/cluster';
import { createInformer } from '../apps/operator/src/controller/informer';
import { createKubeClient, type KubeClient, type KubeObject } from '@k8s-scheduler/kube';
import { defaultOperatorConfig } from '../apps/operator/src/config';
import {
  UD_TYPE,
  buildService,
  buildUserDeployment,
  installPlatformCrds,
  statusOf,
} from '../apps/operator/test/operator.fixtures';

const clusterName = process.env.OPERATOR_BENCH_CLUSTER ?? 'bench-operator';
const COUNT_BATCH = Number(process.env.OPERATOR_BENCH_BATCH ?? 200);
const COUNT_BULK = Number(process.env.OPERATOR_BENCH_BULK ?? 1000);
const CONCURRENCY = defaultOperatorConfig.concurrency;
const run = 'bench';
/**
 * V8 flags of the operator process: by default the ones the README recommends for production
 * (OPERATOR_BENCH_NODE_FLAGS overrides, space-separated; "none" for Node's defaults).
 */
const OPERATOR_NODE_FLAGS = (
  process.env.OPERATOR_BENCH_NODE_FLAGS ?? '--max-semi-space-size=16 --max-old-space-size=192'
)
  .split(' ')
  .filter((f) => f && f !== 'none');

const pct = (values: number[], p: number): number => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const ms = (n: number): string => `${n.toFixed(0)} ms`;
/** Samples that never became Ready are NaN: say how many, rather than hide them. */
const incomplete = (values: number[]): string => {
  const missing = values.filter((v) => Number.isNaN(v)).length;
  return missing
    ? ` — ${missing} of ${values.length} NOT Ready within the deadline (percentiles over the rest)`
    : '';
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

type OperatorProcess = {
  proc: ChildProcess;
  port: number;
  startedAt: number;
  leadingAt: number;
  peakRss: () => number;
};

/** Prometheus text → `name{labels}` → value (labels as printed). */
async function scrape(port: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z0-9_:]+(?:\{[^}]*\})?) ([0-9.e+-]+)$/.exec(line);
    if (m) out.set(m[1] as string, Number(m[2]));
  }
  return out;
}
const metric = (m: Map<string, number>, name: string): number => m.get(`k8s_scheduler_operator_${name}`) ?? 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Builds the production bundle of the operator (apps/cli/bundle.mjs), which the CLI then runs. */
function buildOperator(): void {
  const r = spawnSync('npm', ['run', '-s', 'build', '-w', 'apps/cli'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build -w apps/cli failed');
}

/**
 * Starts the operator as production runs it: `k8s-scheduler operator` (the CLI runs the esbuild
 * bundle on plain Node, no tsx), configured through its environment like any deployment of it.
 * Resolves once it leads (its caches are synced).
 */
async function startOperator(namespace: string): Promise<OperatorProcess> {
  const port = await freePort();
  const startedAt = performance.now();
  const { NODE_OPTIONS: _inherited, KUBECONFIG: _kubeconfig, ...env } = process.env;
  const proc = spawn(
    process.execPath,
    [...OPERATOR_NODE_FLAGS, 'apps/cli/bin/k8s-scheduler.js', 'operator'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...env,
        KUBERNETES: 'required',
        KUBE_SIM_NAME: clusterName,
        OPERATOR_PORT: String(port),
        OPERATOR_LEADER_ELECTION: 'false',
        OPERATOR_WATCH_NAMESPACE: namespace,
        OPERATOR_LABEL_SELECTOR: `k8s-scheduler.io/test-run=${run}`,
        DATA_DIR: '/tmp/k8s-scheduler-bench-operator',
        LOG_LEVEL: 'warn',
      },
    },
  );
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code, signal) =>
      reject(new Error(`operator exited (${code ?? signal}): ${stderr.slice(-500)}`)),
    ),
  );
  exited.catch(() => undefined);
  // Peak RSS sampled by the bench too (VmHWM of the process is read at the end).
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(proc.pid!).rss);
    } catch {
      clearInterval(sampler);
    }
  }, 250);
  proc.once('exit', () => clearInterval(sampler));
  for (;;) {
    await Promise.race([exited, new Promise((r) => setTimeout(r, 100))]);
    if (stderr.includes('through tsx'))
      throw new Error('the operator bundle is stale: the CLI fell back to tsx');
    const m = await scrape(port).catch(() => null);
    if (m && metric(m, 'is_leader') === 1) break;
  }
  return {
    proc,
    port,
    startedAt,
    leadingAt: performance.now(),
    peakRss: () => Math.max(peak, rssMiB(proc.pid!).peak),
  };
}

/** Resolves (with the time) once the deployment queue is empty, nothing runs, and `atLeast` reconciles are done. */
async function settled(op: OperatorProcess, atLeast: number): Promise<number> {
  for (;;) {
    const m = await scrape(op.port);
    const reconciles = [...m]
      .filter(([k]) => k.startsWith('k8s_scheduler_operator_reconciles_total{controller="deployment"'))
      .reduce((a, [, v]) => a + v, 0);
    const busy =
      metric(m, 'queue_depth{controller="deployment"}') +
      metric(m, 'reconciles_in_flight{controller="deployment"}') +
      metric(m, 'queue_depth{controller="tenant"}');
    if (busy === 0 && reconciles >= atLeast) return performance.now();
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What V8 holds, from the operator's own default metrics (process.memoryUsage and heap spaces). */
async function memoryBreakdown(port: number): Promise<string> {
  const m = await scrape(port);
  const mib = (name: string): string => `${(metric(m, name) / 2 ** 20).toFixed(0)}`;
  return (
    `heap used ${mib('nodejs_heap_size_used_bytes')} / total ${mib('nodejs_heap_size_total_bytes')} MiB ` +
    `(new ${mib('nodejs_heap_space_size_total_bytes{space="new"}')}, old ${mib('nodejs_heap_space_size_total_bytes{space="old"}')}, ` +
    `code ${mib('nodejs_heap_space_size_total_bytes{space="code"}')}), external ${mib('nodejs_external_memory_bytes')} MiB`
  );
}

async function stopOperator(op: OperatorProcess): Promise<void> {
  const exited = new Promise((r) => op.proc.once('exit', r));
  op.proc.kill('SIGKILL');
  await exited;
}

async function scrapeWrites(port: number): Promise<number> {
  const m = await scrape(port);
  let sum = 0;
  for (const [key, value] of m) {
    const match =
      /^k8s_scheduler_operator_kube_requests_total\{verb="(create|update|patch|delete)",kind="([^"]+)"\}$/.exec(
        key,
      );
    if (match && match[2] !== 'Lease') sum += value;
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
      watch: (rv, onEvent, signal) =>
        client.watch(UD_TYPE, { namespace, resourceVersion: rv, timeoutSeconds: 600 }, onEvent, signal),
    },
  });
  informer.addHandlers({ add: check, update: (_o, n) => check(n) });
  informer.start();
  return {
    informer,
    /** Time the object first satisfied `pred`, or NaN after `timeoutMs`. */
    within(name: string, pred: (o: KubeObject) => boolean, timeoutMs: number): Promise<number> {
      return Promise.race([
        this.when(name, pred),
        new Promise<number>((r) => setTimeout(() => r(NaN), timeoutMs).unref()),
      ]);
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

const isReady = (o: KubeObject): boolean =>
  statusOf(o)?.phase === 'Ready' && statusOf(o)?.observedGeneration === o.metadata.generation;
const isReconciled = (o: KubeObject): boolean =>
  statusOf(o)?.observedGeneration === o.metadata.generation && statusOf(o)?.phase !== undefined;

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
        buildService({
          name: 'web',
          replicas,
          configFiles: [{ path: '/etc/web/app.conf', content: `name=${name}\n` }],
        }),
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
  buildOperator();
  const cluster = await ensureCluster({
    name: clusterName,
    portBase: await findFreePortBase(),
    onProgress: () => undefined,
  });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  // The machine may be heavily loaded: give requests time rather than failing the run.
  const client = createKubeClient(kc, { requestTimeoutMs: 120_000 });
  const only = process.env.OPERATOR_BENCH_ONLY ?? 'all';
  try {
    await installPlatformCrds(client);

    if (only !== 'bulk') {
      // 1) create → Ready latency: 1 at a time, then 200 at once.
      const ns1 = 'bench-latency';
      await ensureNamespace(client, ns1);
      const op = await startOperator(ns1);
      const track1 = tracker(client, ns1);
      await track1.informer.waitForSync();
      const single: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const name = `one-${i}`;
        const t0 = performance.now();
        await client.create(twoServiceDeployment(ns1, name, 1));
        single.push((await track1.within(name, isReady, 60_000)) - t0);
      }
      console.log(
        `create→Ready, 1 deployment (20 runs):    p50 ${ms(pct(single, 50))}, p99 ${ms(pct(single, 99))}${incomplete(single)}`,
      );

      const batch: number[] = [];
      const names = Array.from({ length: COUNT_BATCH }, (_, i) => `batch-${i}`);
      const waits: Array<Promise<void>> = [];
      await pool(names, 50, async (name) => {
        const t0 = performance.now();
        await client.create(
          buildUserDeployment({
            namespace: ns1,
            name,
            run,
            spec: { services: [buildService({ replicas: 1 })] },
          }),
        );
        waits.push(track1.within(name, isReady, 180_000).then((t) => void batch.push(t - t0)));
      });
      await Promise.all(waits);
      console.log(
        `create→Ready, ${COUNT_BATCH} deployments at once:    p50 ${ms(pct(batch, 50))}, p99 ${ms(pct(batch, 99))}${incomplete(batch)}`,
      );
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
    let op = await startOperator(ns2);
    const reconciledAt = await Promise.all(bulkNames.map((n) => track2.when(n, isReconciled)));
    const operatorMs = Math.max(...reconciledAt) - op.leadingAt;
    const childrenPerDeployment = 7;
    const objects = COUNT_BULK * childrenPerDeployment;
    console.log(
      `operator reconciled ${COUNT_BULK} deployments (${objects} children + finalizer + status) in ${ms(operatorMs)} ` +
        `(${((objects / operatorMs) * 1000).toFixed(0)} children/s)`,
    );
    await Promise.all(bulkNames.map((n) => track2.when(n, isReady)));
    await settled(op, COUNT_BULK);
    const bulkWrites = await scrapeWrites(op.port);
    console.log(
      `operator writes for ${COUNT_BULK} new deployments: ${bulkWrites} (${(bulkWrites / COUNT_BULK).toFixed(1)} per deployment; the bare client: ${childrenPerDeployment})`,
    );
    await track2.informer.stop();

    const ns3 = 'bench-bare';
    await ensureNamespace(client, ns3);
    const bareObjects: ChildObject[] = [];
    for (const name of bulkNames) {
      const ud = userDeploymentSchema.parse({
        ...twoServiceDeployment(ns3, name, 0),
        metadata: { name, namespace: ns3, uid: 'none' },
      });
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
    await pool(bareObjects, CONCURRENCY * childrenPerDeployment, (obj) =>
      client.apply(obj as KubeObject, { fieldManager: 'bench-bare', force: true }),
    );
    const bareMs = performance.now() - tb;
    console.log(
      `throughput, ${COUNT_BULK} deployments (${objects} children): operator ${ms(operatorMs)} (${((objects / operatorMs) * 1000).toFixed(0)} obj/s, ` +
        `+ finalizer and status writes), bare client ${ms(bareMs)} (${((objects / bareMs) * 1000).toFixed(0)} obj/s) → ratio ${(bareMs / operatorMs).toFixed(2)} (target ≥ 0.7)`,
    );

    // 3) restart with 1,000 unchanged deployments; 4) RSS.
    const bulkPeak = op.peakRss();
    const bulkSettled = rssMiB(op.proc.pid!).rss;
    await stopOperator(op);
    op = await startOperator(ns2);
    const settledAt = await settled(op, COUNT_BULK);
    const writes = await scrapeWrites(op.port);
    console.log(
      `restart, ${COUNT_BULK} unchanged deployments: settled in ${ms(settledAt - op.startedAt)} from process start ` +
        `(${ms(settledAt - op.leadingAt)} after caches synced), writes ${writes} (target 0)`,
    );
    // Settled: 20 s after the queue drained, with the watches open and nothing to do.
    await new Promise((r) => setTimeout(r, 20_000));
    const mem = rssMiB(op.proc.pid!);
    const flags = OPERATOR_NODE_FLAGS.length ? OPERATOR_NODE_FLAGS.join(' ') : 'no V8 flags';
    console.log(
      `operator RSS with ${COUNT_BULK} deployments (bundled \`k8s-scheduler operator\`, plain Node, ${flags}): ` +
        `reconciling them from scratch peak ${bulkPeak.toFixed(0)} MiB, settled ${bulkSettled.toFixed(0)} MiB; ` +
        `after a restart peak ${op.peakRss().toFixed(0)} MiB, settled ${mem.rss.toFixed(0)} MiB (target ≤ 256 MiB)`,
    );
    console.log(`operator memory after the restart: ${await memoryBreakdown(op.port)}`);
    await stopOperator(op);
  } finally {
    await client.close();
    await stopCluster(clusterName, { onProgress: () => undefined });
  }
}

await main();
