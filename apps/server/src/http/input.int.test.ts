import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/harness';
import { buildOrg, type Tenant } from '../../test/authz/factories';

const NUL = '\u0000';

/** Bad input (issue #19): every refusal is a 4xx problem+json and changes nothing. */
describe('hostile input answers 4xx problem+json (postgres)', () => {
  let t: TestPlatform;
  let org: Tenant;
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'postgres' });
    org = await buildOrg(t, { tier: 'business' });
  });
  afterAll(async () => t?.close());

  const expectProblem = (
    res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
    status: number,
  ) => {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toContain('application/problem+json');
    return res.json() as { code: string; errors?: { path: string; message: string }[] };
  };

  describe('NUL characters are refused at validation, naming the field', () => {
    it('in a name (body), nothing stored', async () => {
      const owner = org.as.org_owner;
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/orgs/${org.org.id}/teams`,
        headers: owner.headers,
        payload: { name: `evil${NUL}team` },
      });
      const body = expectProblem(res, 400);
      expect(body.code).toBe('validation_failed');
      expect(body.errors).toEqual([{ path: 'body.name', message: expect.stringContaining('NUL') }]);
      const teams = await t.app.inject({ url: `/api/orgs/${org.org.id}/teams`, headers: owner.headers });
      expect(JSON.stringify(teams.json())).not.toContain('evil');
    });

    it('in a query parameter and a path parameter', async () => {
      const viewer = org.as.viewer;
      const query = await t.app.inject({ url: '/api/templates?search=a%00b', headers: viewer.headers });
      expect(expectProblem(query, 400).errors).toEqual([
        { path: 'query.search', message: expect.stringContaining('NUL') },
      ]);
      const param = await t.app.inject({ url: '/api/templates/%00', headers: viewer.headers });
      expect(expectProblem(param, 400).errors?.[0]?.path).toBe('params.id');
    });

    it('in template YAML and in nested template JSON, nothing stored', async () => {
      const dev = org.as.developer;
      const yaml = `name: nul-yaml\ndisplayName: "bad${NUL}"\nservices:\n  - name: web\n    image: nginx:1.27\n`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: dev.headers,
        payload: { yaml, teamId: org.team.id },
      });
      expect(expectProblem(res, 400).errors?.[0]?.path).toBe('body.yaml');
      const nested = await t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: dev.headers,
        payload: {
          template: {
            name: 'nul-json',
            displayName: 'x',
            services: [{ name: 'web', image: 'nginx', env: { [`K${NUL}`]: 'v', OK: `v${NUL}` } }],
          },
          teamId: org.team.id,
        },
      });
      const paths = expectProblem(nested, 400).errors?.map((e) => e.path);
      expect(paths).toEqual(['body.template.services.0.env.K\\u0000', 'body.template.services.0.env.OK']);
      const list = await t.app.inject({ url: '/api/templates?search=nul-', headers: dev.headers });
      expect(list.json().items).toEqual([]);
    });

    it('in a secret value, which is neither stored nor echoed', async () => {
      const owner = org.as.org_owner;
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/orgs/${org.org.id}/secrets/NUL_KEY`,
        headers: owner.headers,
        payload: { value: `s3cr3t-value${NUL}` },
      });
      const body = expectProblem(res, 400);
      expect(body.errors).toEqual([{ path: 'body.value', message: expect.stringContaining('NUL') }]);
      expect(res.body).not.toContain('s3cr3t');
      const list = await t.app.inject({ url: `/api/orgs/${org.org.id}/secrets`, headers: owner.headers });
      expect(JSON.stringify(list.json())).not.toContain('NUL_KEY');
    });
  });
});
