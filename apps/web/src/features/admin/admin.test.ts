import { describe, expect, it } from 'vitest';
import { clientOAuthProviderBodySchema, type ClientOAuthProvider } from '@k8s-scheduler/contracts';
import { adminKeys } from './admin.keys';
import {
  administersClients,
  limitFromInput,
  oauthBodyFromForm,
  oauthFormDefaults,
  splitDomains,
} from './admin.api';

describe('splitDomains', () => {
  it('accepts commas, spaces and new lines', () => {
    expect(splitDomains(' a.example.com, b.example.com\nc.example.com  ')).toEqual([
      'a.example.com',
      'b.example.com',
      'c.example.com',
    ]);
    expect(splitDomains('  ')).toEqual([]);
  });
});

describe('administersClients', () => {
  const user = { isPlatformAdmin: false } as Parameters<typeof administersClients>[0]['user'];
  const client = { id: '00000000-0000-4000-8000-000000000001', slug: 'acme', name: 'Acme' };
  it('is true for platform admins and for admins of a client, false for everyone else', () => {
    expect(administersClients({ user: { ...user, isPlatformAdmin: true }, administeredClients: [] })).toBe(
      true,
    );
    expect(administersClients({ user, administeredClients: [client] })).toBe(true);
    expect(administersClients({ user, administeredClients: [] })).toBe(false);
  });
});

describe('limitFromInput', () => {
  it('reads empty as unlimited and whole numbers as limits; anything else is invalid', () => {
    expect(limitFromInput('  ')).toBeNull();
    expect(limitFromInput(' 12 ')).toBe(12);
    expect(limitFromInput('0')).toBe(0);
    expect(limitFromInput('1.5')).toBeNaN();
    expect(limitFromInput('-3')).toBeNaN();
    expect(limitFromInput('ten')).toBeNaN();
  });
});

describe('adminKeys', () => {
  it('keeps per-client admins and plans under the client list key (a list refresh refreshes them)', () => {
    expect(adminKeys.clientAdmins('c').slice(0, 2)).toEqual([...adminKeys.clients()]);
    expect(adminKeys.clientPlans('c').slice(0, 2)).toEqual([...adminKeys.clients()]);
  });

  it('nests clients under the admin key', () => {
    expect(adminKeys.clients()[0]).toBe(adminKeys.all[0]);
  });
});

describe('client OAuth form', () => {
  const stored: ClientOAuthProvider = {
    provider: 'oidc',
    configured: true,
    issuer: 'https://login.acme.test',
    clientId: 'acme-app',
    displayName: 'Acme SSO',
    scopes: ['openid', 'email', 'profile'],
    clientSecret: { configured: true },
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('starts from the stored settings with an empty secret field', () => {
    expect(oauthFormDefaults('oidc', stored)).toEqual({
      provider: 'oidc',
      issuer: 'https://login.acme.test',
      clientId: 'acme-app',
      clientSecret: '',
      removeSecret: false,
      displayName: 'Acme SSO',
    });
    expect(oauthFormDefaults('google', undefined).issuer).toBe('');
  });

  it('keeps the stored secret when the field is empty, replaces or removes it when asked', () => {
    const base = oauthFormDefaults('oidc', stored);
    const kept = oauthBodyFromForm(base);
    expect(kept).toEqual({
      issuer: 'https://login.acme.test',
      clientId: 'acme-app',
      displayName: 'Acme SSO',
    });
    expect(kept).not.toHaveProperty('clientSecret');
    expect(oauthBodyFromForm({ ...base, clientSecret: 's3cret' }).clientSecret).toBe('s3cret');
    expect(
      oauthBodyFromForm({ ...base, clientSecret: 's3cret', removeSecret: true }).clientSecret,
    ).toBeNull();
    expect(clientOAuthProviderBodySchema.safeParse(kept).success).toBe(true);
  });

  it('sends no issuer or label for Google, and a null label for an empty one', () => {
    const google = oauthBodyFromForm({
      ...oauthFormDefaults('google', undefined),
      clientId: ' id ',
      displayName: 'x',
    });
    expect(google).toEqual({ clientId: 'id' });
    expect(
      oauthBodyFromForm({ ...oauthFormDefaults('oidc', stored), displayName: '  ' }).displayName,
    ).toBeNull();
  });
});
