import { describe, expect, it } from 'vitest';
import { oauthLoginUrl, safeRedirect, signInPath } from './redirect';

describe('safeRedirect', () => {
  it('keeps same-origin paths with their query and hash', () => {
    expect(safeRedirect('/deployments/abc?tab=logs#x')).toBe('/deployments/abc?tab=logs#x');
  });

  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    'deployments',
    '/\tx',
    '',
  ])('refuses %j', (raw) => {
    expect(safeRedirect(raw)).toBe('/');
  });

  it('never sends the user back to the sign-in page itself', () => {
    expect(safeRedirect('/signin?redirect=/x')).toBe('/');
  });

  it('uses the given fallback for missing values', () => {
    expect(safeRedirect(null, '/teams')).toBe('/teams');
  });
});

describe('signInPath', () => {
  it('carries the page to come back to, encoded', () => {
    expect(signInPath('/templates?q=a b&c=1')).toBe('/signin?redirect=%2Ftemplates%3Fq%3Da%20b%26c%3D1');
  });

  it('omits the redirect for the dashboard', () => {
    expect(signInPath('/')).toBe('/signin');
  });
});

describe('oauthLoginUrl', () => {
  it('names the provider and a safe redirect', () => {
    expect(oauthLoginUrl('oidc', '/teams')).toBe('/login?provider=oidc&redirect=%2Fteams');
    expect(oauthLoginUrl('google', 'https://evil.example')).toBe('/login?provider=google&redirect=%2F');
  });
});
