import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../test/harness';
import { TEMPLATE_LIMITS } from '@k8s-scheduler/domain';
import { buildOrg, type Tenant } from '../../test/authz/factories';
import { MAX_URL_LENGTH } from './app';
import { MAX_JSON_DEPTH } from './input';

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
  describe('limits answer 400 problem+json, not 500', () => {
    const post = (payload: string | object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/templates',
        headers: { ...org.as.developer.headers, 'content-type': 'application/json' },
        payload,
      });

    it('a JSON body nested 50,000 levels deep', async () => {
      const depth = 50_000;
      const res = await post(`{"template":{"name":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
      const body = expectProblem(res, 400);
      expect(body.code).toBe('bad_request');
      expect(res.json().detail).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    });

    it('a YAML alias bomb', async () => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (const [i, c] of [...'bcdefgh'].entries()) {
        lines.push(`${c}: &${c} [${Array.from({ length: 9 }, () => `*${'abcdefgh'[i]}`).join(',')}]`);
      }
      const res = await post({ yaml: lines.join('\n'), teamId: org.team.id });
      expect(JSON.stringify(expectProblem(res, 400).errors)).toContain('too many YAML aliases');
    });

    it(`more than ${TEMPLATE_LIMITS.services} services, as YAML or as JSON, nothing stored`, async () => {
      const services = Array.from({ length: 1000 }, (_, i) => ({ name: `s${i}`, image: 'nginx:1.27' }));
      const asJson = await post({
        template: { name: 'too-many', displayName: 'Too many', services },
        teamId: org.team.id,
      });
      expect(expectProblem(asJson, 400).errors?.map((e) => e.path)).toEqual(['services']);
      const yaml = `name: too-many\ndisplayName: Too many\nservices:\n${services
        .slice(0, TEMPLATE_LIMITS.services + 1)
        .map((s) => `  - name: ${s.name}\n    image: nginx:1.27\n`)
        .join('')}`;
      expect(expectProblem(await post({ yaml, teamId: org.team.id }), 400).code).toBe('validation_failed');
      const list = await t.app.inject({
        url: '/api/templates?search=too-many',
        headers: org.as.developer.headers,
      });
      expect(list.json().items).toEqual([]);
    });
  });
  describe('errors outside the routes are problem+json too', () => {
    /** One raw HTTP/1.1 exchange with the listening server; answers status, headers and body. */
    const raw = async (request: string) => {
      if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (t.app.server.address() as AddressInfo).port;
      return new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => {
          const [head = '', body = ''] = data.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
        });
      });
    };

    it('414 for a URL too long, as problem+json', async () => {
      const res = await raw(
        `GET /api/templates?search=${'a'.repeat(MAX_URL_LENGTH)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      );
      expect(res.status).toBe(414);
      expect(res.headers).toContain('content-type: application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status: 414, code: 'uri_too_long' });
    });

    it('431 for headers too large, as problem+json', async () => {
      const res = await raw(
        `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      );
      expect(res.status).toBe(431);
      expect(res.headers).toContain('content-type: application/problem+json');
      expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'headers_too_large' });
    });

    it('405 with Allow for an unknown method on a known path', async () => {
      const res = await raw(`PATCH /api/templates HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(res.status).toBe(405);
      expect(res.headers).toMatch(/\ballow: get, head, post\b/);
      expect(JSON.parse(res.body.slice(res.body.indexOf('{')))).toMatchObject({
        status: 405,
        code: 'method_not_allowed',
      });
      const id = await t.app.inject({
        method: 'POST',
        url: `/api/templates/${org.team.id}`,
        headers: org.as.developer.headers,
      });
      expect(id.statusCode).toBe(405);
      expect(id.headers.allow).toBe('DELETE, GET, HEAD, PUT');
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/no-such-thing',
        headers: org.as.developer.headers,
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('the OpenAPI document declares application/problem+json for every error answer', async () => {
      const doc = (await t.app.inject('/api/openapi.json')).json() as {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>
        >;
      };
      let errors = 0;
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const operation of Object.values(operations)) {
          for (const [status, response] of Object.entries(operation.responses)) {
            if (Number(status) < 400 || !response.content) continue;
            errors++;
            expect(Object.keys(response.content), `${path} ${status}`).toEqual(['application/problem+json']);
          }
        }
      }
      expect(errors).toBeGreaterThan(100);
    });
  });
});
