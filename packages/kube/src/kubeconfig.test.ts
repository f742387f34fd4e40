import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestOptions } from 'node:https';
import { describe, expect, it } from 'vitest';
import { loadKubeconfig } from './kubeconfig';

describe('loadKubeconfig', () => {
  it('reads the current context: server, inline CA and client cert data, or files relative to the kubeconfig', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    writeFileSync(join(dir, 'client.key'), 'KEY');
    writeFileSync(
      join(dir, 'config'),
      [
        'apiVersion: v1',
        'current-context: b',
        'contexts:',
        '- {name: a, context: {cluster: one, user: u1}}',
        '- {name: b, context: {cluster: two, user: u2}}',
        'clusters:',
        '- {name: one, cluster: {server: "https://one"}}',
        `- {name: two, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "${Buffer.from('CA').toString('base64')}"}}`,
        'users:',
        '- {name: u1, user: {token: t1}}',
        `- {name: u2, user: {client-certificate-data: "${Buffer.from('CERT').toString('base64')}", client-key: client.key}}`,
      ].join('\n'),
    );
    const auth = loadKubeconfig(join(dir, 'config'));
    expect(auth.getCurrentCluster()).toEqual({ server: 'https://127.0.0.1:6443', skipTLSVerify: false });
    const opts: RequestOptions = {};
    await auth.applyToHTTPSOptions(opts);
    expect(String(opts.ca)).toBe('CA');
    expect(String(opts.cert)).toBe('CERT');
    expect(String(opts.key)).toBe('KEY');
    expect(opts.headers).toBeUndefined();
  });

  it('sends a bearer token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    writeFileSync(
      join(dir, 'config'),
      'current-context: a\ncontexts: [{name: a, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: "https://x", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: abc}}]\n',
    );
    const auth = loadKubeconfig(join(dir, 'config'));
    const opts: RequestOptions = {};
    await auth.applyToHTTPSOptions(opts);
    expect(opts.headers).toEqual({ Authorization: 'Bearer abc' });
    expect(auth.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });
});
