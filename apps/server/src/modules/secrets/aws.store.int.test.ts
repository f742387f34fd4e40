import { spawn, type ChildProcess } from 'node:child_process';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteSecretPath } from '@k8s-scheduler/domain';
import { freePort } from '../../../../../test/setup/services';
import { createAwsStore } from '@k8s-scheduler/secrets';
import { deploymentSpec } from './secrets.fixtures';

/**
 * AWS Secrets Manager against moto in server mode (PyPI `moto[server]`, started here on
 * 127.0.0.1): the real AWS JSON protocol, signed requests through the real SDK.
 */
describe('AWS Secrets Manager store (moto server)', () => {
  let moto: ChildProcess;
  let endpoint = '';
  const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
  const orgId = '55555555-5555-4555-8555-555555555555';
  const deploymentId = '66666666-6666-4666-8666-666666666666';

  beforeAll(async () => {
    const port = await freePort();
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    moto.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (moto.exitCode !== null) throw new Error(`moto_server exited: ${stderr}`);
      const ok = await fetch(`${endpoint}/moto-api/`).then(
        (r) => r.status < 500,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`moto_server did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    if (moto && moto.exitCode === null) {
      const exited = new Promise((r) => moto.once('exit', r));
      moto.kill('SIGTERM');
      await exited;
    }
  });

  const store = () =>
    createAwsStore({ region: 'eu-west-1', endpoint, credentials, pathPrefix: 'k8s-scheduler/' });
  const raw = () => new SecretsManagerClient({ region: 'eu-west-1', endpoint, credentials });
  const rawValue = async (name: string) =>
    JSON.parse(
      (await raw().send(new GetSecretValueCommand({ SecretId: name }))).SecretString ?? 'null',
    ) as unknown;

  it('keeps one JSON secret per scope under the documented names', async () => {
    const s = store();
    await s.ping();
    await s.put({ orgId, tier: 'organization', key: 'API_KEY' }, 'org-value');
    await s.put({ orgId, tier: 'organization', key: 'OTHER' }, 'org-other');
    await s.put({ orgId, tier: 'deployment', deploymentId, key: 'DB_PASSWORD' }, 'dep-value');
    await s.put(
      { orgId, tier: 'service', deploymentId, serviceName: 'web', key: 'SESSION_KEY' },
      'svc-value',
    );

    expect(await rawValue(`k8s-scheduler/orgs/${orgId}`)).toEqual({
      API_KEY: 'org-value',
      OTHER: 'org-other',
    });
    expect(await rawValue(`k8s-scheduler/orgs/${orgId}/deployments/${deploymentId}`)).toEqual({
      DB_PASSWORD: 'dep-value',
    });
    expect(await rawValue(`k8s-scheduler/orgs/${orgId}/deployments/${deploymentId}/services/web`)).toEqual({
      SESSION_KEY: 'svc-value',
    });
    const listed = await raw().send(new ListSecretsCommand({}));
    const ours = listed.SecretList?.find((x) => x.Name === `k8s-scheduler/orgs/${orgId}`);
    expect(ours?.Tags).toEqual([{ Key: 'managed-by', Value: 'k8s-scheduler' }]);

    expect(await s.get({ orgId, tier: 'organization', key: 'API_KEY' })).toBe('org-value');
    expect(await s.get({ orgId, tier: 'deployment', deploymentId, key: 'DB_PASSWORD' })).toBe('dep-value');
    expect(await s.get({ orgId, tier: 'deployment', deploymentId, key: 'MISSING' })).toBeNull();
    expect(
      await s.get({ orgId: '77777777-7777-4777-8777-777777777777', tier: 'organization', key: 'API_KEY' }),
    ).toBeNull();
    await s.close();
  });

  it('names match what the operator’s ExternalSecrets read (remoteSecretPath + property)', () => {
    const ud = { spec: deploymentSpec({ orgId, teamId: orgId, deploymentId }) } as Parameters<
      typeof remoteSecretPath
    >[1];
    expect(remoteSecretPath('k8s-scheduler/', ud, 'web', 'organization')).toBe(`k8s-scheduler/orgs/${orgId}`);
    expect(remoteSecretPath('k8s-scheduler/', ud, 'web', 'service')).toBe(
      `k8s-scheduler/orgs/${orgId}/deployments/${deploymentId}/services/web`,
    );
  });

  it('concurrent writes to one scope keep every key; deleting the last key deletes the secret', async () => {
    const s = store();
    const org = '88888888-8888-4888-8888-888888888888';
    await Promise.all(
      ['A', 'B', 'C'].map((k) => s.put({ orgId: org, tier: 'organization', key: k }, `v-${k}`)),
    );
    expect(await rawValue(`k8s-scheduler/orgs/${org}`)).toEqual({ A: 'v-A', B: 'v-B', C: 'v-C' });
    await s.delete({ orgId: org, tier: 'organization', key: 'A' });
    await s.delete({ orgId: org, tier: 'organization', key: 'B' });
    expect(await rawValue(`k8s-scheduler/orgs/${org}`)).toEqual({ C: 'v-C' });
    await s.delete({ orgId: org, tier: 'organization', key: 'C' });
    await expect(
      raw().send(new GetSecretValueCommand({ SecretId: `k8s-scheduler/orgs/${org}` })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    // Re-created after a forced delete (no recovery window blocks the name).
    await s.put({ orgId: org, tier: 'organization', key: 'A' }, 'again');
    expect(await s.get({ orgId: org, tier: 'organization', key: 'A' })).toBe('again');
    await s.close();
  });

  it('errors carry the operation and AWS error name, never the value', async () => {
    const s = createAwsStore({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
      credentials,
      pathPrefix: 'k8s-scheduler/',
    });
    const err = await s
      .put({ orgId, tier: 'organization', key: 'X' }, 'value-that-must-not-leak')
      .catch((e: unknown) => e);
    expect(String(err)).toMatch(/AWS Secrets Manager: reading k8s-scheduler\/orgs\/.* failed/);
    expect(String(err)).not.toContain('value-that-must-not-leak');
    await s.close();
  });
});
