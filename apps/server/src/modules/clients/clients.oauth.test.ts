import { describe, expect, it } from 'vitest';
import { checkIssuer } from './clients.oauth';

describe('checkIssuer in production', () => {
  it.each([
    'http://idp.example.com',
    'https://localhost',
    'https://auth.localhost',
    'https://127.0.0.1',
    'https://10.0.0.1',
    'https://169.254.169.254',
    'https://100.64.0.1',
    'https://[::1]',
    'https://[::ffff:7f00:1]',
    'https://[fd00::1]',
    'https://[fe80::1]',
  ])('refuses %s', (issuer) => {
    expect(() => checkIssuer(issuer, true)).toThrow('The issuer must be a public https URL.');
  });

  it.each([
    'https://accounts.google.com',
    'https://fc.example.com',
    'https://fd-auth.example.org/realms/acme',
    'https://fe80.example.net',
    'https://93.184.216.34',
  ])('accepts the public issuer %s', (issuer) => {
    expect(() => checkIssuer(issuer, true)).not.toThrow();
  });

  it('lets a loopback test provider through outside production', () => {
    expect(() => checkIssuer('http://127.0.0.1:8080', false)).not.toThrow();
  });
});
