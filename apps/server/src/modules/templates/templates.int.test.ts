import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@k8s-scheduler/config';
import { startTestPlatform, type DbKind, type TestPlatform } from '../../../test/harness';
import { buildOrg, type Actor } from '../../../test/authz/factories';
import { seedSystemTemplates } from './templates.service';

const yamlOf = (name: string, visibility: string, extra = '') => `name: ${name}
displayName: ${name} app
category: web
visibility: ${visibility}
${extra}services:
  - name: web
    image: nginx:1.27
    ports:
      - containerPort: 80
        expose: true
`;

for (const db of ['pglite', 'postgres'] as DbKind[]) {
  describe(`templates API (${db})`, () => {
    let t: TestPlatform;
    const call = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: actor.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    beforeAll(async () => {
      t = await startTestPlatform({ db });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('seeds at least six system templates every tenant can read, idempotently', async () => {
      const free = await buildOrg(t, { tier: 'free' });
      const res = await call(free.as.viewer, 'GET', '/api/templates?visibility=system');
      expect(res.statusCode).toBe(200);
      const items = res.json().items as {
        id: string;
        name: string;
        visibility: string;
        abilities: string[];
      }[];
      expect(items.length).toBeGreaterThanOrEqual(6);
      expect(items.every((i) => i.visibility === 'system')).toBe(true);
      expect(items[0]!.abilities).toEqual(['templates:read']);
      const detail = await call(free.as.viewer, 'GET', `/api/templates/${items[0]!.id}`);
      expect(detail.json().yaml).toContain(`name: ${items[0]!.name}`);
      expect(detail.json().versions).toHaveLength(1);
      expect(await seedSystemTemplates(t.platform.database.db, createLogger('silent'))).toEqual({
        created: 0,
        updated: 0,
      });
    });

    it('reports every problem of a bad template with line, column and a plain message', async () => {
      const org = await buildOrg(t, { tier: 'business' });
      const bad = `name: Bad_Name
displayName: Bad
visibility: private
services:
  - name: web
    image: ""
    replicas: many
    ports:
      - containerPort: 99999
`;
      const res = await call(org.as.developer, 'POST', '/api/templates', { yaml: bad, teamId: org.team.id });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe('validation_failed');
      const errors = body.errors as { path: string; line: number; column: number; message: string }[];
      expect(errors.map((e) => e.path)).toEqual(
        expect.arrayContaining([
          'name',
          'services[0].image',
          'services[0].replicas',
          'services[0].ports[0].containerPort',
        ]),
      );
      const name = errors.find((e) => e.path === 'name')!;
      expect(name).toMatchObject({ line: 1, column: 7 });
      expect(name.message).toMatch(/lowercase/);
      expect(errors.find((e) => e.path === 'services[0].replicas')).toMatchObject({
        line: 7,
        message: 'services[0].replicas must be a number',
      });
      // YAML syntax errors are located too.
      const syntax = await call(org.as.developer, 'POST', '/api/templates', {
        yaml: 'name: [unclosed\n',
        teamId: org.team.id,
      });
      expect(syntax.statusCode).toBe(400);
      expect(syntax.json().errors[0]).toHaveProperty('line');
      // A JSON body gets positions in its YAML form.
      const json = await call(org.as.developer, 'POST', '/api/templates', {
        template: { name: 'x', displayName: 'X' },
        teamId: org.team.id,
      });
      expect(json.statusCode).toBe(400);
      expect(json.json().errors[0]).toMatchObject({ path: 'services', message: 'services is required' });
    });

    it('applies the tier rules: free has system templates only, business no org-wide ones', async () => {
      const free = await buildOrg(t, { tier: 'free' });
      const res = await call(free.as.org_owner, 'POST', '/api/templates', {
        yaml: yamlOf('mine', 'private'),
        teamId: free.team.id,
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'limit_exceeded',
        limit: 'custom_templates',
        liftedBy: 'business',
      });
      expect(res.json().detail).toMatch(/free tier does not allow private templates/);

      const business = await buildOrg(t, { tier: 'business' });
      const org = await call(business.as.org_owner, 'POST', '/api/templates', {
        yaml: yamlOf('wide', 'org'),
        teamId: business.team.id,
      });
      expect(org.statusCode).toBe(403);
      expect(org.json()).toMatchObject({ code: 'limit_exceeded', liftedBy: 'enterprise' });
    });

    it('enforces visibility rights: private to its author, team to the team, org to the org', async () => {
      const ent = await buildOrg(t, { tier: 'enterprise' });
      const priv = await call(ent.as.developer, 'POST', '/api/templates', {
        yaml: yamlOf('dev-own', 'private'),
        teamId: ent.team.id,
      });
      expect(priv.statusCode).toBe(201);
      expect(priv.json().abilities).toEqual(['templates:read', 'templates:write:private']);
      expect((await call(ent.as.team_admin, 'GET', `/api/templates/${priv.json().id}`)).statusCode).toBe(404);

      const devTeam = await call(ent.as.developer, 'POST', '/api/templates', {
        yaml: yamlOf('dev-team', 'team'),
        teamId: ent.team.id,
      });
      expect(devTeam.statusCode).toBe(403);
      expect(devTeam.json().code).toBe('forbidden');

      const team = await call(ent.as.team_admin, 'POST', '/api/templates', {
        yaml: yamlOf('team-app', 'team'),
        teamId: ent.team.id,
      });
      expect(team.statusCode).toBe(201);
      const viewerSees = await call(ent.as.viewer, 'GET', `/api/templates/${team.json().id}`);
      expect(viewerSees.statusCode).toBe(200);
      expect(viewerSees.json().abilities).toEqual(['templates:read']);

      expect(
        (await call(ent.as.team_admin, 'POST', '/api/templates', { yaml: yamlOf('org-app', 'org') }))
          .statusCode,
      ).toBe(403);
      const orgT = await call(ent.as.org_admin, 'POST', '/api/templates', {
        yaml: yamlOf('org-app', 'org'),
        teamId: ent.team.id,
      });
      expect(orgT.statusCode).toBe(201);
      expect((await call(ent.as.org_member, 'GET', `/api/templates/${orgT.json().id}`)).statusCode).toBe(200);

      const listed = await call(ent.as.developer, 'GET', '/api/templates?visibility=private');
      expect(listed.json().items.map((i: { name: string }) => i.name)).toEqual(['dev-own']);
      const search = await call(ent.as.org_admin, 'GET', '/api/templates?search=team-app');
      expect(search.json().items.map((i: { name: string }) => i.name)).toEqual(['team-app']);

      // For one team: what can be deployed there; another tenant's team does not exist.
      const forTeam = await call(
        ent.as.team_admin,
        'GET',
        `/api/templates?teamId=${ent.team.id}&visibility=team`,
      );
      expect(forTeam.json().items.map((i: { name: string }) => i.name)).toEqual(['team-app']);

      // Another tenant sees none of it.
      const other = await buildOrg(t, { tier: 'enterprise' });
      expect((await call(other.as.org_owner, 'GET', `/api/templates/${orgT.json().id}`)).statusCode).toBe(
        404,
      );
      expect(
        (
          await call(other.as.org_owner, 'PUT', `/api/templates/${team.json().id}`, {
            yaml: yamlOf('team-app', 'team'),
          })
        ).statusCode,
      ).toBe(404);
      expect((await call(other.as.org_owner, 'DELETE', `/api/templates/${team.json().id}`)).statusCode).toBe(
        404,
      );
      expect((await call(other.as.org_owner, 'GET', `/api/templates?teamId=${ent.team.id}`)).statusCode).toBe(
        404,
      );
      const theirList = await call(other.as.org_owner, 'GET', '/api/templates');
      expect(theirList.json().items.some((i: { orgId: string | null }) => i.orgId === ent.org.id)).toBe(
        false,
      );
    });

    it('saves a new version on update and deletes', async () => {
      const ent = await buildOrg(t, { tier: 'business' });
      const created = await call(ent.as.team_admin, 'POST', '/api/templates', {
        yaml: yamlOf('versioned', 'team'),
        teamId: ent.team.id,
      });
      const id = created.json().id as string;
      expect(
        (await call(ent.as.viewer, 'PUT', `/api/templates/${id}`, { yaml: yamlOf('versioned', 'team') }))
          .statusCode,
      ).toBe(403);
      const updated = await call(ent.as.team_admin, 'PUT', `/api/templates/${id}`, {
        yaml: yamlOf('versioned', 'team', 'version: "2.0.0"\n'),
      });
      expect(updated.statusCode).toBe(200);
      expect(updated.json()).toMatchObject({ latestVersion: 2, versionLabel: '2.0.0' });
      expect(updated.json().versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const renamed = await call(ent.as.team_admin, 'PUT', `/api/templates/${id}`, {
        yaml: yamlOf('other-name', 'team'),
      });
      expect(renamed.statusCode).toBe(400);
      expect(renamed.json().errors[0].message).toMatch(/name cannot change/);
      expect((await call(ent.as.viewer, 'DELETE', `/api/templates/${id}`)).statusCode).toBe(403);
      expect((await call(ent.as.team_admin, 'DELETE', `/api/templates/${id}`)).statusCode).toBe(204);
      expect((await call(ent.as.team_admin, 'GET', `/api/templates/${id}`)).statusCode).toBe(404);
    });

    it('lets only platform admins write system templates', async () => {
      const ent = await buildOrg(t, { tier: 'enterprise' });
      const res = await call(ent.as.org_owner, 'POST', '/api/templates', { yaml: yamlOf('sys-x', 'system') });
      expect(res.statusCode).toBe(403);
    });
  });
}
