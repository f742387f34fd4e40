import type { Branding, PublicConfig } from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import { clientIdOfDomain, clientOAuthOf, findClient } from './clients.repo';

/**
 * Resolves the white-label client of a request's hostname. Hosts are few and change rarely, so a
 * short-lived cache keeps this off the hot path; unknown hosts are the platform itself (null).
 */
export function createClientResolver(db: Db, ttlMs = 15_000) {
  const cache = new Map<string, { clientId: string | null; at: number }>();
  return {
    async resolve(hostname: string): Promise<string | null> {
      const host = hostname.toLowerCase().replace(/:\d+$/, '');
      const hit = cache.get(host);
      if (hit && Date.now() - hit.at < ttlMs) return hit.clientId;
      const clientId = await clientIdOfDomain(db, host);
      cache.set(host, { clientId, at: Date.now() });
      return clientId;
    },
    invalidate() {
      cache.clear();
    },
    async branding(
      clientId: string | null,
      fallback: Branding,
    ): Promise<{ branding: Branding; deploymentDomain: string | null }> {
      if (!clientId) return { branding: fallback, deploymentDomain: null };
      const row = await findClient(db, clientId);
      return row
        ? { branding: row.branding, deploymentDomain: row.deploymentDomain }
        : { branding: fallback, deploymentDomain: null };
    },
    /**
     * The sign-in buttons of a host: a client with providers of its own offers only those (the
     * sign-in routes apply the same rule); otherwise the platform's.
     */
    async signInOptions(
      clientId: string | null,
      platform: PublicConfig['auth'],
    ): Promise<PublicConfig['auth']> {
      if (!clientId) return platform;
      const own = await clientOAuthOf(db, clientId);
      if (!own.google && !own.oidc) return platform;
      return {
        dev: platform.dev,
        google: Boolean(own.google),
        oidc: { enabled: Boolean(own.oidc), name: own.oidc?.displayName ?? null },
      };
    },
  };
}
export type ClientResolver = ReturnType<typeof createClientResolver>;
