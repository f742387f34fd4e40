import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { redactMetadata, writeAudit, type AuditActor } from './audit';

describe('redactMetadata', () => {
  it('redacts a secret-looking key at any depth, in objects and arrays', () => {
    const out = redactMetadata({
      name: 'ci',
      token: 'ks_live',
      nested: { deeper: { clientSecret: 's3cr3t', password: 'hunter2', keep: 1 } },
      list: [{ apiKey: 'k' }, { value: 'v', key: 'DB_PASSWORD' }],
      headers: { Authorization: 'Bearer x', cookie: 'ks_session=y', 'x-api-key': 'z' },
      accessToken: 'a',
      refresh_token: 'r',
      privateKey: 'p',
    });
    expect(out).toEqual({
      name: 'ci',
      token: '[redacted]',
      nested: { deeper: { clientSecret: '[redacted]', password: '[redacted]', keep: 1 } },
      list: [{ apiKey: '[redacted]' }, { value: '[redacted]', key: 'DB_PASSWORD' }],
      headers: { Authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' },
      accessToken: '[redacted]',
      refresh_token: '[redacted]',
      privateKey: '[redacted]',
    });
  });

  it('keeps names that describe a secret without holding it', () => {
    const kept = {
      secretChange: 'replaced',
      secretKey: 'oauth.oidc.client_secret',
      prefix: 'ks_abc',
      key: 'X',
    };
    expect(redactMetadata(kept)).toEqual(kept);
  });

  it('redacts a whole secret-looking subtree, and cuts off runaway nesting', () => {
    expect(redactMetadata({ secret: { a: 1 } })).toEqual({ secret: '[redacted]' });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10; i++) deep = { d: deep };
    expect(JSON.stringify(redactMetadata(deep))).toContain('[truncated]');
  });
});

describe('writeAudit', () => {
  it('records actor, target, action, request id and the redacted summary', async () => {
    const inserted: unknown[] = [];
    const db = { insert: () => ({ values: async (v: unknown) => void inserted.push(v) }) } as unknown as Db;
    const actor: AuditActor = {
      clientId: 'c1',
      userId: 'u1',
      apiKeyId: 'k1',
      ip: '10.0.0.1',
      userAgent: 'cli',
      requestId: 'req-1',
    };
    await writeAudit(db, actor, {
      orgId: null,
      action: 'client.oauth.set',
      targetType: 'client',
      targetId: 'c1',
      metadata: { provider: 'oidc', settings: { clientSecret: 'nope' } },
    });
    expect(inserted).toEqual([
      {
        clientId: 'c1',
        orgId: null,
        actorUserId: 'u1',
        actorApiKeyId: 'k1',
        action: 'client.oauth.set',
        targetType: 'client',
        targetId: 'c1',
        ip: '10.0.0.1',
        userAgent: 'cli',
        requestId: 'req-1',
        metadata: { provider: 'oidc', settings: { clientSecret: '[redacted]' } },
      },
    ]);
  });
});
