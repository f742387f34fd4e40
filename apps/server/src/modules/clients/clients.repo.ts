import { eq } from 'drizzle-orm';
import type { AdministeredClient } from '@k8s-scheduler/contracts';
import type { Db, Tx } from '../../db/database';
import { clientAdmins, clients } from './clients.schema';

/** Reads of the clients tables for other modules (invitation mail, `/api/me`). */

/** The client's branding (name, colour) for mail, or undefined for the platform / an unknown id. */
export async function clientBranding(db: Db | Tx, clientId: string | null) {
  if (!clientId) return undefined;
  const [row] = await db.select({ branding: clients.branding }).from(clients).where(eq(clients.id, clientId));
  return row?.branding;
}

/** The clients the user administers (client_admin), by slug. */
export async function administeredClientsOf(db: Db | Tx, userId: string): Promise<AdministeredClient[]> {
  return db
    .select({ id: clients.id, slug: clients.slug, name: clients.name })
    .from(clientAdmins)
    .innerJoin(clients, eq(clients.id, clientAdmins.clientId))
    .where(eq(clientAdmins.userId, userId))
    .orderBy(clients.slug);
}

/** The domain a client's deployments are served under (null: none set, or the platform itself). */
export async function clientDeploymentDomain(db: Db | Tx, clientId: string | null): Promise<string | null> {
  if (!clientId) return null;
  const [row] = await db
    .select({ domain: clients.deploymentDomain })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row?.domain ?? null;
}
