import { OAuth2Server } from 'oauth2-mock-server';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, signInAs } from '../../../test/authz/factories';
import { auditLog } from '../audit/audit.schema';
import { users } from '../users/users.schema';
import { setPlatformAdminByEmail } from '../users/platform-admins';

/**
 * PLATFORM_ADMIN_EMAILS: granted at sign-in to direct users whose verified email comes from the
 * platform's own providers; never to a white-label client's account with the same email.
 */
describe.each(['pglite', 'postgres'] as const)('platform admins (%s)', (db) => {
  let idp: OAuth2Server;
  let t: TestPlatform;
  let identity: Record<string, unknown> = {};

  beforeAll(async () => {
    idp = new OAuth2Server();
    await idp.issuer.keys.generate('RS256');
    await idp.start(0, '127.0.0.1');
    idp.service.on('beforeTokenSigning', (token) => {
      for (const k of ['email', 'email_verified', 'name']) delete token.payload[k];
      Object.assign(token.payload, identity);
    });
    t = await startTestPlatform({
      db,
      env: {
        OIDC_ISSUER_URL: idp.issuer.url!,
        OIDC_CLIENT_ID: 'k8s-scheduler',
        OIDC_CLIENT_SECRET: 'oidc-secret',
        SIGN_IN_RATE_LIMIT: '1000',
        PLATFORM_ADMIN_EMAILS: ' Root@Example.com , ops@example.com',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await idp?.stop();
  });

  /** A full OIDC sign-in on `host`; returns the signed-in user as /api/me shows it. */
  async function signIn(host = 'localhost') {
    const login = await t.app.inject({ url: '/login?provider=oidc', headers: { host } });
    expect(login.statusCode, login.body).toBe(302);
    const flow = login.cookies.find((c) => c.name === 'ks_oauth')!;
    const back = await fetch(login.headers.location as string, { redirect: 'manual' });
    const done = await t.app.inject({
      url: `/oauth2/callback${new URL(back.headers.get('location')!).search}`,
      headers: { host, cookie: `ks_oauth=${flow.value}` },
    });
    expect(done.statusCode, done.body).toBe(302);
    const session = done.cookies.find((c) => c.name === 'ks_session')!;
    const me = await t.app.inject({
      url: '/api/me',
      headers: { host, cookie: `ks_session=${session.value}` },
    });
    expect(me.statusCode, me.body).toBe(200);
    return me.json().user as { id: string; email: string; isPlatformAdmin: boolean; clientId: string | null };
  }

  const auditOf = (userId: string) =>
    t.platform.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, userId)));

  it('grants a listed, verified email of a direct user at sign-in, once, audited', async () => {
    identity = { sub: 'root-sub', email: 'root@example.com', email_verified: true, name: 'Root' };
    const user = await signIn();
    expect(user).toMatchObject({ email: 'root@example.com', isPlatformAdmin: true, clientId: null });
    await signIn();
    const entries = await auditOf(user.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'platform_admin.grant',
      orgId: null,
      clientId: null,
      actorUserId: user.id,
      metadata: { email: 'root@example.com', via: 'PLATFORM_ADMIN_EMAILS', provider: 'oidc' },
    });
  });

  it('does not grant an email that is not listed, or one the provider does not say is verified', async () => {
    identity = { sub: 'eve-sub', email: 'eve@example.com', email_verified: true };
    expect((await signIn()).isPlatformAdmin).toBe(false);
    identity = { sub: 'ops-sub', email: 'ops@example.com' }; // no email_verified claim
    const ops = await signIn();
    expect(ops.isPlatformAdmin).toBe(false);
    expect(await auditOf(ops.id)).toHaveLength(0);
  });

  it("never grants an account of a client's own identity provider, nor a client user on the platform's providers", async () => {
    const admin = await signInAs(t, 'dev@localhost');
    const own = await buildClient(t);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/clients/${own.id}/oauth/oidc`,
      headers: admin.headers,
      payload: { issuer: idp.issuer.url, clientId: 'client-app', clientSecret: 'client-secret' },
    });
    expect(res.statusCode, res.body).toBe(200);
    identity = { sub: 'root-sub', email: 'root@example.com', email_verified: true };
    const viaClientIdp = await signIn(own.host);
    expect(viaClientIdp).toMatchObject({ email: 'root@example.com', isPlatformAdmin: false });
    expect(viaClientIdp.clientId).toBe(own.id);

    const shared = await buildClient(t); // no providers of its own: offers the platform's
    identity = { sub: 'ops-sub-2', email: 'ops@example.com', email_verified: true };
    const viaPlatformIdp = await signIn(shared.host);
    expect(viaPlatformIdp).toMatchObject({ isPlatformAdmin: false, clientId: shared.id });
    const granted = await t.platform.database.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.isPlatformAdmin, true), sql`${users.clientId} is not null`));
    expect(granted).toEqual([]);
  });

  it('grants and revokes by email (the CLI), audited, creating the direct account on a grant', async () => {
    const database = t.platform.database.db;
    const actor = {
      clientId: null,
      userId: null,
      apiKeyId: null,
      ip: null,
      userAgent: 'cli',
      requestId: null,
    };
    const granted = await setPlatformAdminByEmail(database, 'New.Admin@example.com', true, actor);
    expect(granted).toMatchObject({ outcome: 'granted', created: true });
    expect(await setPlatformAdminByEmail(database, 'new.admin@example.com', true, actor)).toMatchObject({
      outcome: 'unchanged',
    });
    // the first sign-in with the platform's provider reaches that account, already an admin
    identity = { sub: 'new-sub', email: 'new.admin@example.com', email_verified: true };
    const user = await signIn();
    expect(user).toMatchObject({ isPlatformAdmin: true });
    expect(user.id).toBe(granted.outcome === 'granted' ? granted.user.id : '');

    expect(await setPlatformAdminByEmail(database, 'new.admin@example.com', false, actor)).toMatchObject({
      outcome: 'revoked',
    });
    await t.syncAuthz();
    expect((await signIn()).isPlatformAdmin).toBe(false);
    expect(await setPlatformAdminByEmail(database, 'nobody@example.com', false, actor)).toEqual({
      outcome: 'not_found',
    });
    const entries = await auditOf(user.id);
    expect(entries.map((e) => [e.action, e.metadata.via, e.actorUserId])).toEqual(
      expect.arrayContaining([
        ['platform_admin.grant', 'cli', null],
        ['platform_admin.revoke', 'cli', null],
      ]),
    );
    expect(entries).toHaveLength(2);
  });
});
