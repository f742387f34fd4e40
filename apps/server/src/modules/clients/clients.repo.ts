import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database';
import { clients } from './clients.schema';

/** The domain a client's deployments are served under (null: none set, or the platform itself). */
export async function clientDeploymentDomain(db: Db | Tx, clientId: string | null): Promise<string | null> {
  if (!clientId) return null;
  const [row] = await db
    .select({ domain: clients.deploymentDomain })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row?.domain ?? null;
}
