import { describe, expect, it } from 'vitest';
import { TEMPLATE_LIMITS } from './template.schema';
import { parseTemplateYaml, templateToYaml, validateTemplate, type TemplateError } from './template.yaml';

const good = `name: blog
displayName: Blog
envVars:
  - name: DB_PASSWORD
    secret: true
    required: true
services:
  - name: web
    image: ghost:5
    ports:
      - containerPort: 2368
        expose: true
    env:
      - name: database__connection__password
        value: \${DB_PASSWORD}
      - name: url
        value: \${deployment.url}
      - name: PORT
        value: 2368
    healthCheck:
      http: { path: / }
  - name: db
    image: mysql:8
    ports: [{ containerPort: 3306 }]
    resources:
      requests: { cpu: 0.5, memory: 512Mi }
`;

function errorsOf(text: string): TemplateError[] {
  const result = parseTemplateYaml(text);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function messages(text: string): string[] {
  return errorsOf(text).map((e) => `${e.line}:${e.column} ${e.message}`);
}

describe('parseTemplateYaml', () => {
  it('accepts a valid template and applies defaults', () => {
    const result = parseTemplateYaml(good);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const t = result.template;
    expect(t).toMatchObject({
      name: 'blog',
      version: '1.0.0',
      visibility: 'private',
      category: 'other',
      description: '',
    });
    expect(t.services[0]?.replicas).toBe(1);
    expect(t.services[0]?.env).toContainEqual({ name: 'PORT', value: '2368' });
    expect(t.services[1]?.resources.requests).toEqual({ cpu: '0.5', memory: '512Mi' });
    expect(t.envVars[0]).toEqual({ name: 'DB_PASSWORD', secret: true, required: true });
  });

  it('reports every problem at once, located and in plain words', () => {
    const text = `name: Blog_1
displayName: ""
envVars:
  - name: 9LIVES
  - name: PASS
    secret: true
    default: hunter2
services:
  - name: web
    ports:
      - containerPort: 70000
    env:
      URL: http://\${services.cache.host}/\${MISSING}
    replicsa: 2
  - name: web
    image: nginx
    replicas: -1
    configFiles:
      - path: relative.conf
        content: \${PASS}
ingress:
  service: api
  port: 80
`;
    expect(messages(text)).toEqual([
      '1:7 name must be lowercase',
      '2:14 displayName must not be empty',
      '4:11 envVars[0].name must start with a letter or "_" and contain only letters, digits and "_"',
      '7:14 envVars[1].default is not allowed on a secret variable (secret values never live in templates)',
      '9:5 services[0].image is required',
      '11:24 services[0].ports[0].containerPort must be between 1 and 65535',
      '13:12 services[0].env.URL uses ${services.cache.host}, but the template has no service "cache"',
      '13:12 services[0].env.URL uses ${MISSING}, which is not declared in envVars',
      '14:15 services[0].replicsa is not a known field',
      '15:11 services[1].name is already used by another service',
      '17:15 services[1].replicas must be 0 or more',
      '19:15 services[1].configFiles[0].path must be an absolute path (start with "/")',
      '20:18 services[1].configFiles[0].content cannot use the secret variable ${PASS} (secrets can be used only in env)',
      '22:12 ingress.service must name one of the services (web)',
    ]);
  });

  it.each([
    ['services: []\nname: a\ndisplayName: A', 'services must have at least 1 item'],
    ['name: a\ndisplayName: A', 'services is required'],
    ['name: a\ndisplayName: A\nservices: nope', 'services must be a list'],
    [
      'name: a\ndisplayName: A\nvisibility: public\nservices: [{name: w, image: x}]',
      'visibility must be one of: private, team, org, system',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: x, env: 3}]',
      'services[0].env must be a mapping of NAME: value, or a list of { name, value }',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: x, resources: {limits: {memory: lots}}}]',
      'services[0].resources.limits.memory must be a quantity like "512Mi"',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: x, healthCheck: {readiness: true}}]',
      'services[0].healthCheck must have exactly one of http or tcp',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: x, healthCheck: {tcp: {}}}]',
      'services[0].healthCheck.tcp needs a port: set one here or add one to ports',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: x, ports: [{containerPort: 80}]}]\ningress: {service: w, port: 81}',
      'ingress.port must be one of the ports of service "w" (80)',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: "${deployment.nope}"}]',
      'services[0].image uses ${deployment.nope}, which is not a variable, ${deployment.name|host|url} or ${services.<name>.host}',
    ],
    [
      'name: a\ndisplayName: A\nservices: [{name: w, image: x, ports: [{containerPort: 1, expose: true}, {containerPort: 2, expose: true}]}]',
      'services[0].ports[1].expose only one port of the template can be exposed',
    ],
  ])('%j → %s', (text, message) => {
    expect(errorsOf(text).map((e) => e.message)).toContain(message);
  });

  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf('name: a\nservices:\n  - name: [web\n');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ path: '', line: expect.any(Number), column: expect.any(Number) });
    expect(errors[0]?.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys as errors', () => {
    expect(errorsOf('name: a\nname: b\n')[0]?.message).toMatch(/unique/i);
  });

  it('refuses a document that is not a mapping', () => {
    expect(errorsOf('- a\n- b\n')[0]).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringMatching(/must be a YAML mapping/),
    });
  });
});

describe('templateToYaml', () => {
  it('round-trips', () => {
    const first = parseTemplateYaml(good);
    if (!first.ok) throw new Error('expected ok');
    const again = parseTemplateYaml(templateToYaml(first.template));
    expect(again).toEqual(first);
  });
});

describe('validateTemplate', () => {
  it('validates data without positions', () => {
    expect(validateTemplate({ name: 'a', displayName: 'A', services: [{ name: 'w' }] })).toEqual({
      ok: false,
      issues: [{ path: 'services[0].image', message: 'services[0].image is required' }],
    });
    expect(
      validateTemplate({ name: 'a', displayName: 'A', services: [{ name: 'w', image: 'nginx' }] }).ok,
    ).toBe(true);
  });
});

describe('template limits (TEMPLATE_LIMITS)', () => {
  const service = (i: number) => `  - name: s${i}\n    image: nginx:1.27\n`;
  const withServices = (n: number) =>
    `name: many\ndisplayName: Many\nservices:\n${Array.from({ length: n }, (_, i) => service(i)).join('')}`;
  const messages = (result: ReturnType<typeof parseTemplateYaml>) =>
    result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);

  it(`accepts ${TEMPLATE_LIMITS.services} services and refuses one more (1,000 included)`, () => {
    expect(parseTemplateYaml(withServices(TEMPLATE_LIMITS.services)).ok).toBe(true);
    expect(messages(parseTemplateYaml(withServices(TEMPLATE_LIMITS.services + 1)))).toEqual([
      expect.stringMatching(new RegExp(`^services: .*at most ${TEMPLATE_LIMITS.services}`)),
    ]);
    expect(parseTemplateYaml(withServices(1000)).ok).toBe(false);
  });

  it('caps declared variables and the env of a service', () => {
    const vars = Array.from({ length: TEMPLATE_LIMITS.envVars + 1 }, (_, i) => `  - name: V${i}\n`).join('');
    expect(
      messages(
        parseTemplateYaml(
          `name: v\ndisplayName: V\nenvVars:\n${vars}${withServices(1).split('\n').slice(2).join('\n')}`,
        ),
      ),
    ).toContainEqual(expect.stringMatching(new RegExp(`^envVars: .*at most ${TEMPLATE_LIMITS.envVars}`)));
    const env = Array.from({ length: TEMPLATE_LIMITS.serviceEnv + 1 }, (_, i) => `      E${i}: x\n`).join('');
    expect(messages(parseTemplateYaml(`${withServices(1)}    env:\n${env}`))).toEqual([
      `services[0].env: services[0].env must have at most ${TEMPLATE_LIMITS.serviceEnv} variables`,
    ]);
  });

  it(`refuses YAML larger than ${TEMPLATE_LIMITS.yamlBytes / 1024} KiB`, () => {
    const big = `${withServices(1)}# ${'x'.repeat(TEMPLATE_LIMITS.yamlBytes)}\n`;
    expect(messages(parseTemplateYaml(big))).toEqual([': The template is larger than 256 KiB']);
  });

  it('answers an alias bomb with an error instead of expanding it', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefgh'.split('').map((c, i) => {
        const prev = 'abcdefgh'[i]!;
        return `${c}: &${c} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`;
      }),
    ].join('\n');
    const result = parseTemplateYaml(bomb);
    expect(result.ok).toBe(false);
    expect(messages(result)[0]).toContain('too many YAML aliases');
  });
});
