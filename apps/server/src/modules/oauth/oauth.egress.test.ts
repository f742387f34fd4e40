import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { checkHttpsEndpoints, classifyAddress, guardedLookup } from './oauth.egress';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped, -translated, -compatible, NAT64 and 6to4 forms reach the IPv4 address inside.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:10.0.0.1', 'private'],
    ['0:0:0:0:0:ffff:6440:1', 'cgnat'],
    ['::ffff:0:192.168.0.1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:a00:1::1', 'private'],
  ])('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '172.15.255.255',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    'fb00::1',
  ])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBe('public');
  });

  it('treats host names and garbage as not an address (never public)', () => {
    for (const s of ['fc.example.com', 'fd00.example', 'localhost', '1.2.3', '::ffff:1.2.3.999', ''])
      expect(classifyAddress(s)).toBe('invalid');
  });
});

describe('guardedLookup', () => {
  const resolver = (table: Record<string, string[]>) => async (host: string) =>
    (table[host] ?? []).map<LookupAddress>((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  const lookup = (host: string, all: boolean, table: Record<string, string[]>) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) =>
      guardedLookup(resolver(table))(host, { all }, (err, address, family) =>
        resolve({ err, address, family }),
      ),
    );

  it('refuses a public-looking name that resolves to an internal address', async () => {
    const table = {
      'metadata.evil.test': ['169.254.169.254'],
      'mixed.evil.test': ['93.184.216.34', '10.0.0.5'],
      'mapped.evil.test': ['::ffff:7f00:1'],
      'fc.example.com': ['93.184.216.34'],
    };
    for (const host of ['metadata.evil.test', 'mixed.evil.test', 'mapped.evil.test']) {
      const r = await lookup(host, false, table);
      expect(r.err?.code, host).toBe('EADDRBLOCKED');
      expect(r.err?.message).toMatch(/refused to connect/);
    }
    // A public host whose name merely starts with fc is fine.
    expect(await lookup('fc.example.com', false, table)).toEqual({
      err: null,
      address: '93.184.216.34',
      family: 4,
    });
    expect((await lookup('nowhere.test', false, table)).err?.code).toBe('ENOTFOUND');
  });

  it('answers every address when asked for all', async () => {
    const table = { 'dual.example.com': ['93.184.216.34', '2606:2800:220:1::1'] };
    const r = await lookup('dual.example.com', true, table);
    expect(r.err).toBeNull();
    expect(r.address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::1', family: 6 },
    ]);
  });
});

describe('checkHttpsEndpoints', () => {
  it('refuses a discovery document with a plain-http endpoint', () => {
    const base = {
      issuer: 'https://idp.example.com',
      authorization_endpoint: 'https://idp.example.com/auth',
      token_endpoint: 'https://idp.example.com/token',
      jwks_uri: 'https://idp.example.com/jwks',
    };
    expect(() => checkHttpsEndpoints(base)).not.toThrow();
    expect(() => checkHttpsEndpoints({ ...base, token_endpoint: 'http://10.0.0.1/token' })).toThrow(
      /non-https token_endpoint/,
    );
    expect(() => checkHttpsEndpoints({ ...base, jwks_uri: 'http://idp.example.com/jwks' })).toThrow(
      /non-https jwks_uri/,
    );
  });
});
