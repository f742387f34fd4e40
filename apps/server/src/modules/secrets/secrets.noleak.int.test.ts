import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, type Tenant } from '../../../test/authz/factories';
import type { TestPlatform } from '../../../test/harness';
import { captureLeaks } from '../../../test/leaks';
import { buildDeployment, paths } from './secrets.testing';

/**
 * Secret values are write-only: a full run through the API (writes, lists, effective environment,
 * deletes, every error path, a failing store) with ALL log output captured at trace level, then
 * every distinctive value is searched for in logs, responses and the database's non-secret tables.
 */
describe('secret values never leak', () => {
  const capture = captureLeaks();
  const { logs, bodies, values, secret: value } = capture;
  const platform = (env?: Record<string, string>) => capture.startPlatform(env);

  let t: TestPlatform;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await platform();
    a = await buildOrg(t);
    b = await buildOrg(t);
  });
  afterAll(async () => capture.close());

  const send = async (
    tp: TestPlatform,
    method: 'GET' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: unknown,
  ) => {
    const res = await tp.app.inject({
      method,
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    bodies.push(`${res.statusCode} ${JSON.stringify(res.headers)} ${res.body}`);
    return res;
  };

  it('a full run through the API, errors included, never shows a value', async () => {
    const dep = await buildDeployment(t, a);
    const owner = a.as.org_owner.headers;
    const admin = a.as.team_admin.headers;
    // Writes at every tier, twice (create and replace), some shadowing each other.
    for (const round of ['create', 'replace']) {
      expect(
        (await send(t, 'PUT', paths.org(a.org.id, 'SHARED'), owner, { value: value(`org-${round}`) }))
          .statusCode,
      ).toBe(200);
      expect(
        (await send(t, 'PUT', paths.deployment(dep.id, 'SHARED'), admin, { value: value(`dep-${round}`) }))
          .statusCode,
      ).toBe(200);
      expect(
        (
          await send(t, 'PUT', paths.service(dep.id, 'web', 'SVC_ONLY'), admin, {
            value: value(`svc-${round}`),
          })
        ).statusCode,
      ).toBe(200);
    }
    // Reads of every kind, by every role.
    for (const role of [
      'org_owner',
      'org_admin',
      'team_admin',
      'developer',
      'viewer',
      'org_member',
      'outsider',
    ] as const) {
      const h = a.as[role].headers;
      await send(t, 'GET', paths.org(a.org.id), h);
      await send(t, 'GET', paths.deployment(dep.id), h);
      await send(t, 'GET', paths.service(dep.id, 'web'), h);
      await send(t, 'GET', paths.environment(dep.id, 'web'), h);
    }
    // Error paths, each carrying a value: forbidden, cross-tenant, bad key, unknown service, oversized, malformed JSON.
    expect(
      (
        await send(t, 'PUT', paths.deployment(dep.id, 'X'), a.as.developer.headers, {
          value: value('forbidden'),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await send(t, 'PUT', paths.org(a.org.id, 'X'), b.as.org_owner.headers, {
          value: value('cross-tenant'),
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await send(t, 'PUT', paths.deployment(dep.id, 'bad-key!'), admin, { value: value('bad-key') }))
        .statusCode,
    ).toBe(400);
    expect(
      (await send(t, 'PUT', paths.service(dep.id, 'nosuch', 'X'), admin, { value: value('no-service') }))
        .statusCode,
    ).toBe(404);
    const oversized = value('oversized') + 'y'.repeat(70 * 1024);
    expect(
      (await send(t, 'PUT', paths.deployment(dep.id, 'BIG'), admin, { value: oversized })).statusCode,
    ).toBe(400);
    expect(
      (
        await send(t, 'PUT', paths.deployment(dep.id, 'NUM'), admin, {
          value: 12345,
          note: value('wrong-type'),
        })
      ).statusCode,
    ).toBe(400);
    const malformed = await t.app.inject({
      method: 'PUT',
      url: paths.deployment(dep.id, 'BROKEN'),
      headers: { ...admin, 'content-type': 'application/json' },
      payload: `{"value": ${value('malformed-json')}}`,
    });
    bodies.push(malformed.body);
    expect(malformed.statusCode).toBe(400);
    // Deletes, and a delete of something absent.
    expect((await send(t, 'DELETE', paths.service(dep.id, 'web', 'SVC_ONLY'), admin)).statusCode).toBe(204);
    expect((await send(t, 'DELETE', paths.service(dep.id, 'web', 'SVC_ONLY'), admin)).statusCode).toBe(404);

    // The store failing mid-write (Vault unreachable): a 5xx whose body and log carry no value.
    const broken = await platform({
      SECRET_STORE: 'vault',
      VAULT_ADDR: 'http://127.0.0.1:9',
      VAULT_TOKEN: 'hvs.test-token',
    });
    const c = await buildOrg(broken);
    const failed = await send(broken, 'PUT', paths.org(c.org.id, 'UNSTORED'), c.as.org_owner.headers, {
      value: value('store-down'),
    });
    expect(failed.statusCode).toBeGreaterThanOrEqual(500);
    expect((await send(broken, 'GET', paths.org(c.org.id), c.as.org_owner.headers)).json().items).toEqual([]);

    // Everything the database holds outside the ciphertexts.
    const dump = await t.platform.database.db.execute(sql`
      select (select coalesce(json_agg(a), '[]') from audit_log a)::text as audit,
             (select coalesce(json_agg(o), '[]') from outbox o)::text as outbox,
             (select coalesce(json_agg(d), '[]') from deployments d)::text as deployments,
             (select coalesce(json_agg(s), '[]') from secrets s)::text as secrets,
             (select coalesce(json_agg(v.ciphertext::text), '[]') from secret_values v)::text as ciphertexts`);
    const dbText = JSON.stringify(dump);

    // Control: the capture sees what the platform's logger writes (so a leak would be found).
    const probe = `PROBE-${randomUUID()}`;
    t.platform.app.log.warn({ probe }, 'capture check');
    expect(logs.join('\n')).toContain(probe);
    expect(logs.length).toBeGreaterThan(50);
    expect(logs.join('\n')).toContain('/secrets');
    const haystacks = { logs: logs.join('\n'), responses: bodies.join('\n'), database: dbText };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const v of values) expect(text.includes(v), `${v} appeared in ${where}`).toBe(false);
      expect(text.includes('LEAK-'), `a value prefix appeared in ${where}`).toBe(false);
    }
  });
});
