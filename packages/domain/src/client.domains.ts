import { ConflictError, InvalidError } from './errors';

/**
 * Which hostnames a white-label client may claim, as a sign-in domain or as its deployment domain.
 *
 * Decision (PRODUCT.md §5): no DNS verification token and no platform-admin approval step. A client
 * admin's domain change takes effect at once, and only the checks below apply. A claimed domain only
 * routes the requests that the domain's own DNS sends to the platform, so squatting a name the client
 * does not own serves nobody; a platform admin removes such a claim. What a claim must never reach
 * are the platform's own surfaces and the other clients' names, which this rule refuses:
 *
 * - the public host (from PUBLIC_URL) and the platform's deployment domain, and any name equal to,
 *   under or above either of them;
 * - IP literals in any spelling a URL parser accepts (dotted, decimal `2130706433`, hex `0x7f.1`,
 *   octal `0177.0.0.1`, IPv6, bracketed);
 * - reserved names: `localhost`, single-label names, and the special-use suffixes in
 *   {@link RESERVED_SUFFIXES};
 * - any overlap with another client's domains or deployment domain (equal, or one under the other):
 *   a 409 conflict.
 */

/** Special-use top-level names (RFC 6761, RFC 6762, RFC 8375 and the .internal reservation). */
export const RESERVED_SUFFIXES = ['localhost', 'local', 'internal', 'invalid', 'test', 'example'] as const;

/** The platform's own hosts: the public host and the deployment domain. */
export interface PlatformSurfaces {
  /** The host of PUBLIC_URL (no port). */
  publicHost: string;
  /** DEPLOYMENT_DOMAIN: the platform's deployments are served under it. */
  deploymentDomain: string;
}

/** A domain another client holds: one of its sign-in domains or its deployment domain. */
export interface ClaimedDomain {
  clientId: string;
  domain: string;
}

/** Lower case, trimmed, without a trailing dot. */
export function normalizeHostname(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** One name equal to the other or under it (`a.b.c` is under `b.c`). */
export function domainsOverlap(a: string, b: string): boolean {
  const x = normalizeHostname(a);
  const y = normalizeHostname(b);
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/** Numeric label as an IPv4 parser reads it: decimal, `0x` hex or leading-zero octal. */
const NUMERIC_LABEL = /^(0x[0-9a-f]*|[0-9]+)$/;

/**
 * Whether the host is an IP literal in any form a URL parser or resolver accepts: IPv6 (with or
 * without brackets), or IPv4 in dotted, decimal, hex or octal spelling (WHATWG URL: a host whose
 * last label is numeric is an IPv4 address).
 */
export function isIpLiteral(host: string): boolean {
  const h = normalizeHostname(host);
  if (h.includes(':') || h.startsWith('[')) return true;
  const labels = h.split('.');
  const last = labels[labels.length - 1] === '' ? labels[labels.length - 2] : labels[labels.length - 1];
  return last !== undefined && NUMERIC_LABEL.test(last);
}

/** Why the host is a reserved name, or null. */
function reservedProblem(host: string): string | null {
  if (!host.includes('.')) return 'is a single-label name; use a fully qualified domain';
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if ((RESERVED_SUFFIXES as readonly string[]).includes(tld)) return `is under the reserved name .${tld}`;
  return null;
}

const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Why `host` may not be a client's domain because of its form or the platform's surfaces, or null:
 * the part of the rule that needs no other client's data.
 */
export function clientDomainProblem(host: string, platform: PlatformSurfaces): string | null {
  const h = normalizeHostname(host);
  if (isIpLiteral(h)) return 'is an IP address; use a domain name';
  if (h.length > 253 || !h.split('.').every((l) => LABEL.test(l)))
    return 'is not a hostname such as app.example.com';
  const reserved = reservedProblem(h);
  if (reserved) return reserved;
  if (domainsOverlap(h, platform.publicHost)) return "overlaps the platform's own host";
  if (domainsOverlap(h, platform.deploymentDomain)) return "overlaps the platform's deployment domain";
  return null;
}

/**
 * Checks the domains a client is about to claim (sign-in domains and its deployment domain) against
 * the rule above. Throws `InvalidError` (400) naming every refused domain, or `ConflictError` (409)
 * when one overlaps a domain of another client. `taken` lists the domains of every client; the
 * client's own entries (`clientId`) are ignored.
 */
export function assertClientDomains(
  claims: ReadonlyArray<{ path: string; domain: string }>,
  context: { clientId: string | null; platform: PlatformSurfaces; taken: readonly ClaimedDomain[] },
): void {
  const issues = claims.flatMap(({ path, domain }) => {
    const problem = clientDomainProblem(domain, context.platform);
    return problem ? [{ path, message: `${domain} ${problem}` }] : [];
  });
  if (issues.length) throw new InvalidError(issues.map((i) => i.message).join('; '), issues);
  for (const { domain } of claims) {
    const clash = context.taken.find(
      (t) => t.clientId !== context.clientId && domainsOverlap(t.domain, domain),
    );
    if (clash) throw new ConflictError(`The domain ${domain} overlaps a domain of another client.`);
  }
}

/** The host of a URL (PUBLIC_URL), without brackets or port. */
export function hostOfUrl(url: string): string {
  return normalizeHostname(new URL(url).hostname.replace(/^\[|\]$/g, ''));
}
