import { describe, expect, it } from 'vitest';
import { InvalidError } from './errors';
import { renderUserDeployment, type RenderInput } from './render';
import { templateSchema, type TemplateInput } from './template.schema';

const source: TemplateInput = {
  name: 'shop',
  displayName: 'Shop',
  version: '2.1.0',
  envVars: [
    { name: 'DB_PASSWORD', secret: true, required: true },
    { name: 'API_KEY', secret: true },
    { name: 'GREETING', default: 'hello' },
    { name: 'REGION', required: true },
    { name: 'OPTIONAL' },
  ],
  services: [
    {
      name: 'web',
      image: 'nginx:${GREETING}',
      ports: [{ containerPort: 8080, expose: true }],
      command: ['run', '--region=${REGION}'],
      env: {
        DB_PASSWORD: '${DB_PASSWORD}',
        DATABASE_URL: 'postgres://app:${DB_PASSWORD}@${services.db.host}:5432/app',
        MSG: '${GREETING} from ${deployment.host}',
        KEY: '${API_KEY}',
        EMPTY: '${OPTIONAL}',
        LITERAL: '$${NOT_A_REF}',
      },
      healthCheck: { http: { path: '/health' } },
      configFiles: [{ path: '/etc/app.conf', content: 'region=${REGION}\nurl=${deployment.url}\n' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' } },
    },
    {
      name: 'db',
      image: 'postgres:16',
      runAsRoot: true,
      ports: [{ containerPort: 5432 }],
      healthCheck: { tcp: {} },
    },
  ],
};

function input(overrides: Partial<RenderInput> = {}): RenderInput {
  return {
    template: templateSchema.parse(source),
    deployment: {
      id: 'dep-1',
      name: 'brave-otter-a1b2',
      orgId: 'org-1',
      teamId: 'team-1',
      tier: 'business',
      isolation: 'namespace',
    },
    inputs: { REGION: 'eu' },
    secretRefs: {
      organization: ['SMTP_PASSWORD'],
      deployment: ['DB_PASSWORD'],
      services: { db: ['DB_PASSWORD', 'TUNING'], ghost: ['X'] },
    },
    domain: 'apps.example.com',
    ...overrides,
  };
}

describe('renderUserDeployment', () => {
  const spec = renderUserDeployment(input({ restartedAt: '2026-01-01T00:00:00Z' }));
  const web = spec.services[0]!;
  const db = spec.services[1]!;

  it('records identity, template version, tier and restart', () => {
    expect(spec).toMatchObject({
      orgId: 'org-1',
      teamId: 'team-1',
      deploymentId: 'dep-1',
      templateName: 'shop',
      templateVersion: '2.1.0',
      tier: 'business',
      isolation: 'namespace',
      restartedAt: '2026-01-01T00:00:00Z',
    });
  });

  it('substitutes plain variables, defaults and built-ins', () => {
    expect(web.image).toBe('nginx:hello');
    expect(web.command).toEqual(['run', '--region=eu']);
    expect(web.configFiles).toEqual([
      { path: '/etc/app.conf', content: 'region=eu\nurl=https://brave-otter-a1b2.apps.example.com\n' },
    ]);
    expect(web.env).toContainEqual({ name: 'MSG', value: 'hello from brave-otter-a1b2.apps.example.com' });
    expect(web.env).toContainEqual({ name: 'EMPTY', value: '' });
    expect(web.env).toContainEqual({ name: 'LITERAL', value: '${NOT_A_REF}' });
  });

  it('turns secrets into references and never into values', () => {
    expect(web.env).toContainEqual({ name: 'DB_PASSWORD', secretKey: 'DB_PASSWORD' });
    const url = web.env.find((e) => e.name === 'DATABASE_URL');
    expect(url).toEqual({
      name: 'DATABASE_URL',
      value: 'postgres://app:$(DB_PASSWORD)@brave-otter-a1b2-db:5432/app',
    });
    // The secret-backed variable is defined before the value that expands it.
    expect(web.env.findIndex((e) => e.name === 'DB_PASSWORD')).toBeLessThan(web.env.indexOf(url!));
    // An optional secret without a stored value leaves the variable unset.
    expect(web.env.find((e) => e.name === 'KEY')).toBeUndefined();
  });

  it('lists the effective secret keys per service with their tier', () => {
    expect(web.envFrom).toEqual([
      { key: 'DB_PASSWORD', tier: 'deployment' },
      { key: 'SMTP_PASSWORD', tier: 'organization' },
    ]);
    expect(db.envFrom).toEqual([
      { key: 'DB_PASSWORD', tier: 'deployment' },
      { key: 'SMTP_PASSWORD', tier: 'organization' },
      { key: 'TUNING', tier: 'service' },
    ]);
    expect(spec.secretRefs).toEqual({
      organization: ['SMTP_PASSWORD'],
      deployment: ['DB_PASSWORD'],
      services: [{ service: 'db', keys: ['DB_PASSWORD', 'TUNING'] }],
    });
  });

  it('fills health check ports, ingress from the exposed port, and runAsRoot', () => {
    expect(web.healthCheck).toEqual({
      http: { path: '/health', port: 8080 },
      readiness: true,
      liveness: true,
    });
    expect(db.healthCheck).toEqual({ tcp: { port: 5432 }, readiness: true, liveness: true });
    expect(spec.ingress).toEqual({
      service: 'web',
      port: 8080,
      host: 'brave-otter-a1b2.apps.example.com',
      tls: true,
    });
    expect(db.runAsRoot).toBe(true);
    expect(web.runAsRoot).toBeUndefined();
    expect(db.replicas).toBe(1);
  });

  it('keeps user values from being expanded by Kubernetes', () => {
    const s = renderUserDeployment(input({ inputs: { REGION: '$(HOME)' } }));
    expect(s.services[0]?.command).toEqual(['run', '--region=$$(HOME)']);
    expect(s.services[0]?.configFiles[0]?.content).toContain('region=$(HOME)');
  });

  it('records an explicit template version', () => {
    expect(renderUserDeployment(input({ templateVersion: '7' })).templateVersion).toBe('7');
  });
});

describe('renderUserDeployment errors', () => {
  function issuesOf(overrides: Partial<RenderInput>): string[] {
    try {
      renderUserDeployment(input(overrides));
    } catch (error) {
      if (error instanceof InvalidError) return error.issues.map((i) => i.message);
      throw error;
    }
    throw new Error('expected InvalidError');
  }

  it('lists every missing required variable at once', () => {
    expect(issuesOf({ inputs: {}, secretRefs: { organization: [], deployment: [] } })).toEqual([
      'DB_PASSWORD is required (a secret)',
      'REGION is required',
    ]);
  });

  it('treats an empty input as missing', () => {
    expect(issuesOf({ inputs: { REGION: '' } })).toEqual(['REGION is required']);
  });

  it('refuses secret values passed as plain inputs and unknown inputs', () => {
    expect(issuesOf({ inputs: { REGION: 'eu', DB_PASSWORD: 'hunter2', NOPE: 'x' } })).toEqual([
      'DB_PASSWORD is a secret: store it as a secret, not as a plain value',
      'NOPE is not a variable of template shop',
    ]);
  });

  it('never echoes a secret value in its error', () => {
    try {
      renderUserDeployment(input({ inputs: { REGION: 'eu', DB_PASSWORD: 'hunter2' } }));
    } catch (error) {
      expect(
        JSON.stringify({ message: (error as Error).message, issues: (error as InvalidError).issues }),
      ).not.toContain('hunter2');
    }
  });

  it('checks the deployment name', () => {
    const d = input().deployment;
    expect(issuesOf({ deployment: { ...d, name: 'Bad_Name' } })).toEqual([
      'The deployment name must be lowercase',
    ]);
  });
});
