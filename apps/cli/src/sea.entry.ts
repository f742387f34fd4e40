/**
 * The single-file executable's entry (apps/cli/sea.mjs): Node's single executable application runs
 * this one CommonJS bundle. Its files (the SPA, the migrations, the system templates, PGlite with its
 * WASM) travel as one asset, unpacked on first start into a directory keyed by their hash; the server
 * then reads them from there like the release does.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRawAsset } from 'node:sea';

/** The payload: a 4-byte length, a JSON index of [path, offset, length], then the files' bytes. */
function unpack(): string {
  const raw = Buffer.from(getRawAsset('payload'));
  const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `k8s-scheduler-${hash}`);
  if (existsSync(path.join(dir, '.complete'))) return dir;
  const headerLength = raw.readUInt32BE(0);
  const index = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as [string, number, number][];
  const body = 4 + headerLength;
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  for (const [file, offset, length] of index) {
    const target = path.join(staging, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, raw.subarray(body + offset, body + offset + length));
  }
  writeFileSync(path.join(staging, '.complete'), '');
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process unpacked it first
  }
  return dir;
}

const root = unpack();
// Read by the PGlite shim the bundler puts in place of the package (sea.mjs).
(globalThis as { __K8S_SCHEDULER_SEA_ROOT__?: string }).__K8S_SCHEDULER_SEA_ROOT__ = root;
void import('./release.entry').then(({ releaseMain }) => releaseMain(process.argv.slice(2), root));
