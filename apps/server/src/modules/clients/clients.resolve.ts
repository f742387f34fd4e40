import { eq } from 'drizzle-orm';
import type { Branding } from '@k8s-scheduler/contracts';
import type { Db } from '../../db/database';
import { clientDomains, clients } from '../../db/schema';

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
      const [row] = await db
        .select({ clientId: clientDomains.clientId })
        .from(clientDomains)
        .where(eq(clientDomains.domain, host));
      const clientId = row?.clientId ?? null;
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
      const [row] = await db.select().from(clients).where(eq(clients.id, clientId));
      return row
        ? { branding: row.branding, deploymentDomain: row.deploymentDomain }
        : { branding: fallback, deploymentDomain: null };
    },
  };
}
export type ClientResolver = ReturnType<typeof createClientResolver>;
