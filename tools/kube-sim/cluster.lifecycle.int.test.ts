/**
 * cluster.sh's lifecycle as a person uses it: `start` prints the exact lines that start the platform
 * on the cluster and stop it (with KUBE_SIM_NAME and KUBE_SIM_HOME when they are not the defaults),
 * and `stop` never touches a cluster it did not find — not even one of the same name running under
 * another KUBE_SIM_HOME.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeWithKube } from '../../test/setup/kube';
import { findFreePortBase } from './cluster';

const script = path.join(__dirname, 'cluster.sh');

describeWithKube('kube-sim: start and stop lines, and a stop that finds nothing', () => {
  const name = `life-${process.pid}`;
  const homeA = mkdtempSync(path.join(os.tmpdir(), 'ks-sim-a-'));
  const homeB = mkdtempSync(path.join(os.tmpdir(), 'ks-sim-b-'));
  const sh = (cmd: string, home: string, extra: Record<string, string> = {}) =>
    spawnSync('bash', [script, cmd], {
      env: { ...process.env, KUBE_SIM_NAME: name, KUBE_SIM_HOME: home, ...extra },
      encoding: 'utf8',
      timeout: 300_000,
    });
  afterAll(() => {
    sh('stop', homeA);
    rmSync(homeA, { recursive: true, force: true });
    rmSync(homeB, { recursive: true, force: true });
  });

  it('prints working lines and keeps a cluster of another home alive', async () => {
    const started = sh('start', homeA, { KUBE_SIM_PORT_BASE: String(await findFreePortBase()) });
    expect(started.status, started.stderr).toBe(0);
    expect(started.stdout).toContain(
      `Start the platform on it: KUBE_SIM_NAME=${name} KUBE_SIM_HOME=${homeA} npm start`,
    );
    expect(started.stdout).toContain(
      `Stop: KUBE_SIM_NAME=${name} KUBE_SIM_HOME=${homeA} bash tools/kube-sim/cluster.sh stop`,
    );
    const etcdData = () => readdirSync('/dev/shm').filter((f) => f.includes(`-${name}-`));
    expect(etcdData()).toHaveLength(1);

    const elsewhere = sh('stop', homeB);
    expect(elsewhere.status).toBe(0);
    expect(elsewhere.stderr).toContain('nothing to stop');
    expect(sh('status', homeA).status).toBe(0); // still running, /readyz ok
    expect(etcdData()).toHaveLength(1);

    const stopped = sh('stop', homeA);
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(etcdData()).toHaveLength(0);
    expect(existsSync(path.join(homeA, name))).toBe(true);
  });
});
