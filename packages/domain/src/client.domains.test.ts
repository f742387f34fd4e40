import { describe, expect, it } from 'vitest';
import {
  assertClientDomains,
  clientDomainProblem,
  domainsOverlap,
  hostOfUrl,
  isIpLiteral,
} from './client.domains';
import { ConflictError, InvalidError } from './errors';

const platform = { publicHost: 'scheduler.acme.com', deploymentDomain: 'apps.acme.com' };

describe('clientDomainProblem', () => {
  it.each(['cloud.acme-client.com', 'www.client.io', 'a.b.c.example.org', 'xn--bcher-kva.com'])(
    'accepts %s',
    (host) => expect(clientDomainProblem(host, platform)).toBeNull(),
  );

  it.each([
    ['scheduler.acme.com', 'platform'],
    ['SCHEDULER.acme.com.', 'platform'],
    ['x.scheduler.acme.com', 'platform'],
    ['acme.com', 'platform'],
    ['apps.acme.com', 'deployment domain'],
    ['evil.apps.acme.com', 'deployment domain'],
    ['127.0.0.1', 'IP'],
    ['2130706433', 'IP'],
    ['0x7f.1', 'IP'],
    ['0177.0.0.1', 'IP'],
    ['0x7f000001', 'IP'],
    ['::1', 'IP'],
    ['[::1]', 'IP'],
    ['[fe80::1]', 'IP'],
    ['localhost', 'single-label'],
    ['intranet', 'single-label'],
    ['foo.localhost', 'reserved'],
    ['printer.local', 'reserved'],
    ['db.internal', 'reserved'],
    ['x.invalid', 'reserved'],
    ['cloud.acme.test', 'reserved'],
    ['www.example', 'reserved'],
    ['bad_name.com', 'hostname'],
    ['-a.com', 'hostname'],
    ['a..com', 'hostname'],
    ['x.com/path', 'hostname'],
  ])('refuses %s (%s)', (host, why) => {
    expect(clientDomainProblem(host, platform)).toContain(why);
  });

  it('detects IP literals only where a URL parser would', () => {
    expect(isIpLiteral('1.2.3.4')).toBe(true);
    expect(isIpLiteral('1.2.3.com')).toBe(false);
    expect(isIpLiteral('0x.com')).toBe(false);
  });
});

describe('domainsOverlap', () => {
  it.each([
    ['a.com', 'a.com', true],
    ['x.a.com', 'a.com', true],
    ['a.com', 'x.a.com', true],
    ['xa.com', 'a.com', false],
    ['a.com', 'b.com', false],
  ])('%s / %s → %s', (a, b, overlap) => expect(domainsOverlap(a, b)).toBe(overlap));
});

describe('assertClientDomains', () => {
  const taken = [
    { clientId: 'c1', domain: 'cloud.one.com' },
    { clientId: 'c2', domain: 'two.com' },
  ];
  const check =
    (clientId: string | null, ...domains: string[]) =>
    () =>
      assertClientDomains(
        domains.map((domain, i) => ({ path: `domains.${i}`, domain })),
        { clientId, platform, taken },
      );

  it('accepts new names and the client re-claiming its own', () => {
    expect(check(null, 'three.com')).not.toThrow();
    expect(check('c1', 'www.cloud.one.com')).not.toThrow();
  });
  it('answers a conflict for an overlap with another client (equal, under, above)', () => {
    expect(check(null, 'cloud.one.com')).toThrow(ConflictError);
    expect(check('c1', 'app.two.com')).toThrow(ConflictError);
    expect(check('c2', 'one.com')).toThrow(ConflictError);
  });
  it('refuses a platform surface as invalid, naming the path', () => {
    try {
      check(null, 'ok.com', '10.0.0.1')();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidError);
      expect((err as InvalidError).issues).toEqual([
        { path: 'domains.1', message: expect.stringContaining('IP address') },
      ]);
    }
  });
});

describe('hostOfUrl', () => {
  it('drops scheme, port and brackets', () => {
    expect(hostOfUrl('https://Scheduler.acme.com:8443/x')).toBe('scheduler.acme.com');
    expect(hostOfUrl('http://[::1]:8081')).toBe('::1');
  });
});
