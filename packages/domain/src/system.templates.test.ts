import { describe, expect, it } from 'vitest';
import { renderUserDeployment } from './render';
import { readdirSync, readFileSync } from 'node:fs';
import { SYSTEM_TEMPLATES_DIR, parseSystemTemplates } from './system.templates';
import { InvalidError } from './errors';
import { checkQuota, resourceRequests } from './tiers';

const dir = new URL(`../${SYSTEM_TEMPLATES_DIR}/`, import.meta.url);
const templates = parseSystemTemplates(
  readdirSync(dir)
    .filter((n) => n.endsWith('.yaml'))
    .map((name) => ({ name, text: readFileSync(new URL(name, dir), 'utf8') })),
);

describe('system templates', () => {
  it('all parse cleanly, including the six required ones', () => {
    expect(templates.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'static-site',
        'wordpress',
        'fullstack-app',
        'uptime-kuma',
        'gitea',
        'postgres-pgadmin',
      ]),
    );
    expect(templates.length).toBeGreaterThanOrEqual(6);
  });

  it.each(templates.map((t) => [t.name, t] as const))(
    '%s has resources, health checks, ingress and secret passwords',
    (_name, t) => {
      expect(t.visibility).toBe('system');
      expect(t.ingress).toBeDefined();
      for (const s of t.services) {
        expect(s.resources.requests?.cpu, s.name).toBeDefined();
        expect(s.resources.limits?.memory, s.name).toBeDefined();
        expect(s.healthCheck, s.name).toBeDefined();
      }
      const passwords = t.envVars.filter((v) => /PASSWORD/.test(v.name));
      for (const p of passwords) expect(p.secret, p.name).toBe(true);
    },
  );

  it.each(templates.map((t) => [t.name, t] as const))(
    '%s renders with its required inputs and fits the free quota',
    (_name, t) => {
      const inputs = Object.fromEntries(
        t.envVars.filter((v) => v.required && !v.secret).map((v) => [v.name, 'admin@example.com']),
      );
      const secrets = t.envVars.filter((v) => v.secret).map((v) => v.name);
      const spec = renderUserDeployment({
        template: t,
        deployment: { id: 'd1', name: 'demo', orgId: 'o1', teamId: 't1', tier: 'free', isolation: 'shared' },
        inputs,
        secretRefs: { organization: [], deployment: secrets },
        domain: 'apps.example.com',
      });
      expect(spec.ingress?.host).toBe('demo.apps.example.com');
      expect(JSON.stringify(spec)).not.toMatch(/\$\{/);
      const requested = resourceRequests(spec.services);
      expect(() => checkQuota({ tier: 'free', used: { cpu: 0, memory: 0 }, requested })).not.toThrow();
    },
  );

  it('rejects a broken or non-system file with its name and line', () => {
    const run = () =>
      parseSystemTemplates([
        {
          name: 'a.yaml',
          text: 'name: a\ndisplayName: A\nvisibility: team\nservices:\n  - name: w\n    image: nginx\n',
        },
        { name: 'b.yaml', text: 'name: b\ndisplayName: B\nvisibility: system\nservices:\n  - name: w\n' },
      ]);
    expect(run).toThrow(InvalidError);
    expect(run).toThrow(/a\.yaml visibility must be system.*b\.yaml:5:5 services\[0\]\.image is required/);
  });
});
