import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactUrl } from '@k8s-scheduler/config';
import type { TestPlatform } from '../../test/harness';
import { buildOrg, buildUser } from '../../test/authz/factories';
import { captureLeaks } from '../../test/leaks';

/**
 * Credentials in paths and query strings never reach a log line: the invitation token (API and SPA
 * link, and as a sign-in redirect) and the OAuth code and state. Every line is captured at trace level.
 */
describe('credentials in request URLs are redacted from the logs', () => {
  const capture = captureLeaks();
  let t: TestPlatform;
  beforeAll(async () => {
    t = await capture.startPlatform({ SIGN_IN_RATE_LIMIT: '1000' });
  });
  afterAll(async () => capture.close());

  it('never logs an invitation token, an OAuth code or state, and marks the redaction', async () => {
    const org = await buildOrg(t);
    const email = `invitee-${org.org.slug}@example.com`;
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/orgs/${org.org.id}/invitations`,
      headers: org.as.org_admin.headers,
      payload: { email, teamId: org.team.id, teamRole: 'viewer' },
    });
    expect(created.statusCode).toBe(201);
    const mailbox = (await t.app.inject({ url: '/dev/mailbox' })).json();
    const mail = mailbox.items.find((m: { to: string }) => m.to === email) as { text: string };
    const token = /\/invitations\/([A-Za-z0-9_-]{20,})/.exec(mail.text)?.[1] ?? '';
    expect(token).not.toBe('');

    const before = capture.logs.length;
    const preview = await t.app.inject({ url: `/api/invitations/${token}` });
    expect(preview.statusCode).toBe(200);
    const invitee = await buildUser(t);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      headers: invitee.headers,
    });
    expect(accepted.statusCode).toBeLessThan(500);
    // The SPA's invitation page and the sign-in that comes back to it.
    await t.app.inject({ url: `/invitations/${token}` });
    await t.app.inject({ url: `/login?redirect=${encodeURIComponent(`/invitations/${token}`)}` });

    const code = capture.secret('code');
    const state = capture.secret('state');
    const accessToken = capture.secret('access-token');
    await t.app.inject({ url: `/oauth2/callback?code=${code}&state=${state}` });
    await t.app.inject({ url: `/api/config?access_token=${accessToken}&token=${accessToken}` });

    const lines = capture.logs.slice(before).join('');
    expect(lines).toContain('/api/invitations/[redacted]');
    expect(lines).toContain('/api/invitations/[redacted]/accept');
    expect(lines).toContain('code=[redacted]&state=[redacted]');
    for (const secret of [token, code, state, accessToken]) expect(lines).not.toContain(secret);
  });

  it('redactUrl keeps what is not a credential', () => {
    expect(redactUrl('/api/orgs/o1/invitations/i1?limit=10')).toBe('/api/orgs/o1/invitations/i1?limit=10');
    expect(redactUrl('/invitations/abc')).toBe('/invitations/[redacted]');
    expect(redactUrl('/oauth2/callback?code=c&state=s&error=x')).toBe(
      '/oauth2/callback?code=[redacted]&state=[redacted]&error=x',
    );
    expect(redactUrl('/login?redirect=%2Finvitations%2Fabc')).toBe(
      `/login?redirect=${encodeURIComponent('/invitations/[redacted]')}`,
    );
  });
});
