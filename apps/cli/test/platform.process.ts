/**
 * Runs the platform as a child process (a release, an image's root filesystem, or the checkout's
 * CLI) and waits until it answers /readyz, for the tests and the benches that start it from outside.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningPlatform {
  readonly base: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Milliseconds from spawn to the first 200 of /readyz. */
  readonly readyMs: number;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

export async function startPlatform(opts: {
  command: string;
  args: readonly string[];
  env: Record<string, string>;
  port: number;
  timeoutMs?: number;
}): Promise<RunningPlatform> {
  const t0 = performance.now();
  const child = spawn(opts.command, opts.args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${opts.port}`;
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    const ok = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
      await stop(2_000);
      throw new Error(`the platform did not become ready (${opts.command} ${opts.args.join(' ')}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { base, child, output: () => out, readyMs: performance.now() - t0, stop };
}

/** Dev sign-in; returns the session cookie and the user. */
export async function devSignIn(base: string): Promise<{ cookie: string; userId: string }> {
  const res = await fetch(`${base}/dev/login`, {
    method: 'POST',
    headers: { 'x-requested-with': 'k8s-scheduler' },
  });
  if (res.status !== 200) throw new Error(`dev sign-in answered ${res.status}: ${await res.text()}`);
  const cookie = (res.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const body = (await res.json()) as { user: { id: string } };
  return { cookie, userId: body.user.id };
}
