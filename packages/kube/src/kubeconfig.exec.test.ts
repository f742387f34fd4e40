import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeClient } from './client';
import { loadKubeconfig } from './kubeconfig';

/** A stand-in API server that answers /version and records the Authorization header of each request. */
let server: Server;
let url: string;
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers.authorization);
    if (
      req.headers.authorization !== 'Bearer from-the-plugin' &&
      req.headers.authorization !== 'Bearer gcp-2'
    ) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', message: 'Unauthorized', reason: 'Unauthorized' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ gitVersion: 'v1.34.0' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A kubeconfig whose user is `user` (YAML flow mapping), next to the plugin script. */
function kubeconfig(dir: string, user: string): string {
  const file = join(dir, 'config');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'current-context: c',
      'contexts: [{name: c, context: {cluster: k, user: u}}]',
      `clusters: [{name: k, cluster: {server: "${url}"}}]`,
      `users: [{name: u, user: ${user}}]`,
    ].join('\n'),
  );
  return file;
}

describe('kubeconfig credential plugins', () => {
  it('exec: runs the plugin (with the kubeconfig env and KUBERNETES_EXEC_INFO) and sends its token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-exec-'));
    // The plugin counts its runs, checks what kubectl would give it, and prints an ExecCredential.
    writeFileSync(
      join(dir, 'plugin.mjs'),
      `import { appendFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(join(dir, 'runs'))}, 'x');
const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
if (info.kind !== 'ExecCredential' || process.env.PLUGIN_TOKEN === undefined) process.exit(3);
console.log(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token: process.env.PLUGIN_TOKEN, expirationTimestamp: new Date(Date.now() + 3600e3).toISOString() },
}));
`,
    );
    const file = kubeconfig(
      dir,
      `{exec: {apiVersion: client.authentication.k8s.io/v1, command: ${JSON.stringify(process.execPath)}, args: ["${join(dir, 'plugin.mjs')}"], env: [{name: PLUGIN_TOKEN, value: from-the-plugin}]}}`,
    );
    const client = createKubeClient(loadKubeconfig(file));
    try {
      seen.length = 0;
      expect(await client.version()).toBe('v1.34.0');
      expect(await client.version()).toBe('v1.34.0');
      expect(seen).toEqual(['Bearer from-the-plugin', 'Bearer from-the-plugin']);
      // Still valid for an hour: the plugin ran once, not per request.
      expect(readFileSync(join(dir, 'runs'), 'utf8')).toBe('x');
    } finally {
      await client.close();
    }
  });

  it('exec: a plugin that fails is an error naming the command, and no request goes out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-exec-'));
    writeFileSync(join(dir, 'plugin.mjs'), `console.error('no credentials here'); process.exit(1);\n`);
    const file = kubeconfig(
      dir,
      `{exec: {command: ${JSON.stringify(process.execPath)}, args: ["${join(dir, 'plugin.mjs')}"]}}`,
    );
    const client = createKubeClient(loadKubeconfig(file));
    try {
      seen.length = 0;
      await expect(client.version()).rejects.toThrow(/no credentials here/);
      expect(seen).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('auth-provider: an expired access-token is replaced by the cmd-path output at token-key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-ap-'));
    writeFileSync(
      join(dir, 'gcloud.mjs'),
      `console.log(JSON.stringify({ credential: { access_token: 'gcp-2', token_expiry: '2999-01-01T00:00:00Z' } }));\n`,
    );
    const file = kubeconfig(
      dir,
      `{auth-provider: {name: gcp, config: {access-token: gcp-1, expiry: "2000-01-01T00:00:00Z", cmd-path: ${JSON.stringify(process.execPath)}, cmd-args: "${join(dir, 'gcloud.mjs')}", token-key: "{.credential.access_token}", expiry-key: "{.credential.token_expiry}"}}}`,
    );
    const client = createKubeClient(loadKubeconfig(file));
    try {
      seen.length = 0;
      expect(await client.version()).toBe('v1.34.0');
      expect(seen).toEqual(['Bearer gcp-2']);
    } finally {
      await client.close();
    }
  });
});
