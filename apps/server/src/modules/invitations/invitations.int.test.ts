import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitations, organizations } from '../../db/schema';
import { startTestPlatform, type TestPlatform } from '../../../test/harness';
import { buildClient, buildOrg, buildUser, signInAs, type Tenant } from '../../../test/authz/factories';
import { FREE_MEMBERS_LIMIT_PROBLEM } from '../orgs/orgs.testing';

/** Builds an org on `t` whose org admin sends the invitation `payload(org)`. */
async function adminInvitesFromNewOrg(t: TestPlatform, payload: (org: Tenant) => Record<string, unknown>) {
  const org = await buildOrg(t);
  return t.app.inject({
    method: 'POST',
    url: `/api/orgs/${org.org.id}/invitations`,
    headers: org.as.org_admin.headers,
    payload: payload(org),
  });
}

const tokenIn = (text: string) => /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1] ?? '';

describe('invitations with the dev mailbox', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ db: 'pglite' });
  });
  afterAll(async () => t?.close());

  type Headers = Record<string, string>;
  const invite = (orgId: string, headers: Headers, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/orgs/${orgId}/invitations`, headers, payload });
  const accept = (token: string, headers: Headers) =>
    t.app.inject({ method: 'POST', url: `/api/invitations/${token}/accept`, headers });
  const revoke = (orgId: string, invitationId: string, headers: Headers) =>
    t.app.inject({ method: 'DELETE', url: `/api/orgs/${orgId}/invitations/${invitationId}`, headers });

  const lastMailTo = async (email: string) => {
    const res = await t.app.inject({ url: '/dev/mailbox' });
    expect(res.statusCode).toBe(200);
    const mail = res.json().items.find((m: { to: string }) => m.to === email);
    expect(mail, `mail to ${email}`).toBeDefined();
    return mail as { subject: string; text: string; html: string };
  };

  it('invites by email, previews, and adds the invitee with the team role on acceptance', async () => {
    const a = await buildOrg(t);
    const email = `invitee-${a.org.slug}@example.com`;
    const created = await invite(a.org.id, a.as.team_admin.headers, {
      email,
      teamId: a.team.id,
      teamRole: 'viewer',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email,
      teamId: a.team.id,
      teamRole: 'viewer',
      status: 'pending',
      abilities: ['invitation:revoke'],
    });
    expect(JSON.stringify(created.json())).not.toMatch(/token/i);

    const mail = await lastMailTo(email);
    expect(mail.subject).toContain(a.org.slug);
    const token = tokenIn(mail.text);
    expect(mail.text).toContain(`http://localhost:8081/invitations/${token}`);
    const [stored] = await t.platform.database.db
      .select()
      .from(invitations)
      .where(eq(invitations.id, created.json().id));
    expect(stored!.tokenHash).not.toContain(token);

    const preview = await t.app.inject({ url: `/api/invitations/${token}` });
    expect(preview.json()).toMatchObject({
      orgName: a.org.slug,
      teamName: 'Main',
      email,
      status: 'pending',
      teamRole: 'viewer',
    });

    const list = await t.app.inject({
      url: `/api/orgs/${a.org.id}/invitations`,
      headers: a.as.org_admin.headers,
    });
    expect(list.json().items.map((i: { email: string }) => i.email)).toContain(email);
    expect(
      (await t.app.inject({ url: `/api/orgs/${a.org.id}/invitations`, headers: a.as.viewer.headers })).json()
        .items,
    ).toEqual([]);

    const wrong = await buildUser(t);
    const mismatch = await accept(token, wrong.headers);
    expect(mismatch.statusCode).toBe(403);
    expect(mismatch.json().detail).toContain(email);
    expect((await accept(token, { 'x-requested-with': 'x' })).statusCode).toBe(401);

    const invitee = await signInAs(t, email);
    const accepted = await accept(token, invitee.headers);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ orgId: a.org.id, teamId: a.team.id });
    const me = (await t.app.inject({ url: '/api/me', headers: invitee.headers })).json();
    expect(me.orgs).toEqual([expect.objectContaining({ id: a.org.id, role: 'org_member' })]);
    expect(me.teams).toEqual([expect.objectContaining({ id: a.team.id, role: 'viewer' })]);

    const replay = await accept(token, invitee.headers);
    expect(replay.statusCode).toBe(409);
  });

  it('respects the member limit of the tier at acceptance', async () => {
    const owner = await buildUser(t);
    const org = (
      await t.app.inject({
        method: 'POST',
        url: '/api/orgs',
        headers: owner.headers,
        payload: { name: `Free ${owner.id.slice(0, 8)}` },
      })
    ).json();
    const team = (
      await t.app.inject({
        method: 'POST',
        url: `/api/orgs/${org.id}/teams`,
        headers: owner.headers,
        payload: { name: 'Core' },
      })
    ).json();
    const email = `limited-${owner.id.slice(0, 8)}@example.com`;
    const inv = await invite(org.id, owner.headers, { email, teamId: team.id });
    expect(inv.statusCode).toBe(201);
    const token = tokenIn((await lastMailTo(email)).text);
    const invitee = await signInAs(t, email);
    const res = await accept(token, invitee.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject(FREE_MEMBERS_LIMIT_PROBLEM);
    expect(res.json().detail).toMatch(/members limit/);
    // Still pending: it can be accepted once the org upgrades.
    await t.platform.database.db
      .update(organizations)
      .set({ tier: 'business' })
      .where(eq(organizations.id, org.id));
    expect((await accept(token, invitee.headers)).statusCode).toBe(200);
  });

  it('revokes and expires invitations; developers cannot invite; other tenants get 404', async () => {
    const a = await buildOrg(t);
    const b = await buildOrg(t);
    const email = `rev-${a.org.slug}@example.com`;
    expect((await invite(a.org.id, a.as.developer.headers, { email, teamId: a.team.id })).statusCode).toBe(
      403,
    );
    expect(
      (await invite(a.org.id, a.as.team_admin.headers, { email, orgRole: 'org_admin' })).statusCode,
    ).toBe(403);
    expect((await invite(a.org.id, b.as.org_owner.headers, { email })).statusCode).toBe(404);

    const inv = (await invite(a.org.id, a.as.org_owner.headers, { email })).json();
    const token = tokenIn((await lastMailTo(email)).text);
    expect((await revoke(b.org.id, inv.id, b.as.org_owner.headers)).statusCode).toBe(404);
    expect((await revoke(a.org.id, inv.id, a.as.team_admin.headers)).statusCode).toBe(403);
    expect((await revoke(a.org.id, inv.id, a.as.org_admin.headers)).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/invitations/${token}` })).json().status).toBe('revoked');
    const invitee = await signInAs(t, email);
    expect((await accept(token, invitee.headers)).statusCode).toBe(409);

    const email2 = `exp-${a.org.slug}@example.com`;
    const inv2 = (await invite(a.org.id, a.as.org_owner.headers, { email: email2 })).json();
    const token2 = tokenIn((await lastMailTo(email2)).text);
    await t.platform.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, inv2.id));
    expect((await t.app.inject({ url: `/api/invitations/${token2}` })).json().status).toBe('expired');
    const invitee2 = await signInAs(t, email2);
    const expired = await accept(token2, invitee2.headers);
    expect(expired.statusCode).toBe(409);
    expect(expired.json().detail).toContain('expired');
  });

  it('keeps invitation links on the client host and invisible from another client', async () => {
    const c = await buildClient(t);
    const a = await buildOrg(t, { clientId: c.id, host: c.host });
    const email = `white-${a.org.slug}@example.com`;
    expect((await invite(a.org.id, a.as.org_owner.headers, { email })).statusCode).toBe(201);
    const mail = await lastMailTo(email);
    expect(mail.text).toContain(`http://${c.host}/invitations/`);
    const token = tokenIn(mail.text);
    expect(
      (await t.app.inject({ url: `/api/invitations/${token}`, headers: { host: c.host } })).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ url: `/api/invitations/${token}` })).statusCode).toBe(404);
  });
});

describe('invitation mail transports', () => {
  it('sends through a real SMTP server', async () => {
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push(data);
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;
    const t = await startTestPlatform({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Platform <noreply@example.com>' },
    });
    try {
      const res = await adminInvitesFromNewOrg(t, (org) => ({
        email: 'smtp-invitee@example.com',
        teamId: org.team.id,
      }));
      expect(res.statusCode).toBe(201);
      expect(received).toHaveLength(1);
      expect(received[0]).toContain('To: smtp-invitee@example.com');
      expect(received[0]).toContain('From: Platform <noreply@example.com>');
      const token = tokenIn(received[0]!.replace(/=\r?\n/g, ''));
      expect((await t.app.inject({ url: `/api/invitations/${token}` })).json().email).toBe(
        'smtp-invitee@example.com',
      );
      expect((await t.app.inject('/dev/mailbox')).statusCode).toBe(404);
    } finally {
      await t.close();
      await new Promise<void>((r) => smtp.close(r));
    }
  });

  it('sends through the SendGrid HTTP API', async () => {
    const calls: Array<{
      auth: string | undefined;
      body: {
        personalizations: Array<{ to: Array<{ email: string }> }>;
        from: { email: string };
        content: Array<{ value: string }>;
      };
    }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v3/mail/send') {
          calls.push({ auth: req.headers.authorization, body: JSON.parse(body) });
          res.writeHead(202).end();
        } else res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const t = await startTestPlatform({
      env: { SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: `http://127.0.0.1:${port}` },
    });
    try {
      const res = await adminInvitesFromNewOrg(t, () => ({ email: 'sg@example.com' }));
      expect(res.statusCode).toBe(201);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.auth).toBe('Bearer SG.test-key');
      expect(calls[0]!.body.personalizations[0]!.to[0]!.email).toBe('sg@example.com');
      expect(calls[0]!.body.from.email).toBe('no-reply@localhost');
      expect(tokenIn(calls[0]!.body.content[0]!.value)).not.toBe('');
    } finally {
      await t.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
