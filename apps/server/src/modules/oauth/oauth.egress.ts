import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type * as oidc from 'openid-client';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * Outbound requests to a white-label client's OIDC issuer (discovery, token, JWKS, userinfo) are
 * made on behalf of the client's admins, who choose the URL: they must never reach the platform's
 * own network. Every address such a request connects to is classified first.
 */
export type AddressClass =
  | 'public'
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'cgnat'
  | 'unique-local'
  | 'multicast'
  | 'reserved';

function parseV4(ip: string): number[] | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : null;
}

function classifyV4([a, b, c]: number[]): AddressClass {
  if (a === undefined || b === undefined || c === undefined) return 'invalid';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'cgnat';
  if (a >= 224 && a <= 239) return 'multicast';
  // IETF protocol assignments, benchmarking, and 240/4 (reserved, incl. broadcast).
  if ((a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 240)
    return 'reserved';
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, embedded dotted IPv4 allowed). */
function parseV6(raw: string): number[] | null {
  const ip = raw.replace(/%.*$/, '');
  let tail: number[] = [];
  let head = ip;
  const lastColon = ip.lastIndexOf(':');
  if (ip.includes('.')) {
    const v4 = parseV4(ip.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    head = ip.slice(0, lastColon + 1);
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const toNums = (g: string[]) => g.map((h) => (/^[0-9a-f]{1,4}$/i.test(h) ? parseInt(h, 16) : NaN));
  const left = toNums(groups(halves[0]!));
  const right = halves.length === 2 ? toNums(groups(halves[1]!)) : [];
  const known = left.length + right.length + tail.length;
  if (halves.length === 1 && known !== 8) return null;
  if (halves.length === 2 && known > 7) return null;
  const all = [...left, ...Array<number>(8 - known).fill(0), ...right, ...tail];
  return all.some(Number.isNaN) ? null : all;
}

const v4Of = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];

function classifyV6(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroPrefix = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroPrefix(8)) return 'unspecified';
  if (zeroPrefix(7) && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible (::a.b.c.d)
  // and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
  if (zeroPrefix(5) && g5 === 0xffff) return classifyV4(v4Of(g6, g7));
  if (zeroPrefix(4) && g[4] === 0xffff && g5 === 0) return classifyV4(v4Of(g6, g7));
  if (zeroPrefix(6)) return classifyV4(v4Of(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4Of(g6, g7));
  // 6to4 (2002:aabb:ccdd::) carries an IPv4 address in its prefix.
  if (g0 === 0x2002) return classifyV4(v4Of(g1, g[2] ?? 0));
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** What kind of address `ip` is (IPv4 or IPv6, brackets allowed); only 'public' may be reached. */
export function classifyAddress(ip: string): AddressClass {
  const bare = ip.replace(/^\[|\]$/g, '');
  const version = isIP(bare.replace(/%.*$/, ''));
  if (version === 4) return classifyV4(parseV4(bare)!);
  if (version === 6) {
    const groups = parseV6(bare);
    return groups ? classifyV6(groups) : 'invalid';
  }
  return 'invalid';
}

export const isPublicAddress = (ip: string) => classifyAddress(ip) === 'public';

export class BlockedAddressError extends Error {
  readonly code = 'EADDRBLOCKED';
  constructor(host: string, address: string, kind: AddressClass) {
    super(`refused to connect to ${host}: ${address} is a ${kind} address`);
    this.name = 'BlockedAddressError';
  }
}

type ResolveAll = (hostname: string, family: number) => Promise<LookupAddress[]>;
const systemResolve: ResolveAll = (hostname, family) =>
  dns.lookup(hostname, { all: true, family: family === 4 || family === 6 ? family : 0 });

/**
 * A `lookup` for sockets that resolves the name and refuses it when any of its addresses is not
 * public (an attacker's name may return a private address among public ones).
 */
export function guardedLookup(
  resolve: ResolveAll = systemResolve,
  allowed: (address: string) => boolean = isPublicAddress,
): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname, typeof options.family === 'number' ? options.family : 0).then(
      (addresses) => {
        const bad = addresses.find((a) => !allowed(a.address));
        if (bad || !addresses[0]) {
          const err = bad
            ? new BlockedAddressError(hostname, bad.address, classifyAddress(bad.address))
            : Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          callback(err, '', 0);
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

/**
 * The fetch openid-client uses for a client's issuer (`oidc.customFetch`): every connection goes
 * through `guardedLookup`, and a literal address in the URL (which skips name resolution) is
 * classified before the request. Redirects are never followed (openid-client asks for 'manual').
 */
export function createIssuerFetch(
  resolve: ResolveAll = systemResolve,
  allowed: (address: string) => boolean = isPublicAddress,
): oidc.CustomFetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(resolve, allowed) } });
  return async (url, options) => {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !allowed(host)) throw new BlockedAddressError(host, host, classifyAddress(host));
    const response = await undiciFetch(url, { ...options, dispatcher });
    return response as unknown as Response;
  };
}

/**
 * The fetch for a client's issuer, or undefined (the default fetch) when `allowPrivateIssuers`:
 * only in development, tests and dev mode, where issuers are local test providers on 127.0.0.1.
 */
export const clientIssuerFetch = (allowPrivateIssuers: boolean): oidc.CustomFetch | undefined =>
  allowPrivateIssuers ? undefined : createIssuerFetch();

/** In production a discovery document must send every request and browser over https. */
export function checkHttpsEndpoints(metadata: oidc.ServerMetadata) {
  for (const key of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint'] as const) {
    const value = metadata[key];
    if (value !== undefined && !value.startsWith('https://'))
      throw new Error(`the issuer ${metadata.issuer} lists a non-https ${key}: ${value}`);
  }
}
