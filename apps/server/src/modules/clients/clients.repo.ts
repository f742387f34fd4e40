import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { AdministeredClient, ClientOAuthProviderName } from '@k8s-scheduler/contracts';
import type { Db, Tx } from '../../db/database';
import { parseClientOAuth, type StoredOAuth, type StoredProvider } from './clients.oauth.settings';
import { clientAdmins, clientDomains, clients } from './clients.schema';

/**
 * The one reader and writer of `clients`, `client_domains` and `client_admins`. Clients sit above
 * the tenants: who may see one is the client policy's answer (platform admins, its own admin), so
 * these functions take the client id and the services guard before or after.
 */

export type ClientRow = typeof clients.$inferSelect;
export type Branding = ClientRow['branding'];

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
  return (await findClient(db, clientId))?.deploymentDomain ?? null;
}

/** A client by id. */
export async function findClient(db: Db | Tx, clientId: string): Promise<ClientRow | undefined> {
  const [row] = await db.select().from(clients).where(eq(clients.id, clientId));
  return row;
}

/** Every client (`all`) or the one client, by slug. */
export function listClientRows(db: Db, filter: { all: true } | { all: false; clientId: string }) {
  return db
    .select()
    .from(clients)
    .where(filter.all ? undefined : eq(clients.id, filter.clientId))
    .orderBy(clients.slug);
}

/** The client's custom domains, sorted. */
export async function domainsOf(db: Db, clientId: string): Promise<string[]> {
  const rows = await db
    .select({ domain: clientDomains.domain })
    .from(clientDomains)
    .where(eq(clientDomains.clientId, clientId))
    .orderBy(clientDomains.domain);
  return rows.map((r) => r.domain);
}

/** The client a hostname (lower case, no port) belongs to, or null. */
export async function clientIdOfDomain(db: Db, host: string): Promise<string | null> {
  const [row] = await db
    .select({ clientId: clientDomains.clientId })
    .from(clientDomains)
    .where(eq(clientDomains.domain, host));
  return row?.clientId ?? null;
}

/** Every client's domains: its sign-in domains and its deployment domain. */
export async function claimedDomains(db: Db | Tx): Promise<Array<{ clientId: string; domain: string }>> {
  const custom = await db
    .select({ clientId: clientDomains.clientId, domain: clientDomains.domain })
    .from(clientDomains);
  const deployment = await db
    .select({ clientId: clients.id, domain: clients.deploymentDomain })
    .from(clients)
    .where(isNotNull(clients.deploymentDomain));
  return [...custom, ...deployment.map((d) => ({ clientId: d.clientId, domain: d.domain! }))];
}

/**
 * Serializes the writes of client domains until the transaction ends, so that two clients claiming
 * overlapping names at once cannot both pass the overlap check.
 */
export async function lockClientDomains(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('client_domains'))`);
}

export async function insertClient(
  tx: Tx,
  values: { slug: string; name: string; branding: Branding; deploymentDomain: string | null },
  domains: readonly string[],
): Promise<ClientRow> {
  const [created] = await tx.insert(clients).values(values).returning();
  if (!created) throw new Error('client insert returned nothing');
  if (domains.length)
    await tx.insert(clientDomains).values(domains.map((domain) => ({ domain, clientId: created.id })));
  return created;
}

export async function updateClientRow(
  tx: Tx,
  clientId: string,
  set: Partial<Pick<ClientRow, 'name' | 'branding' | 'deploymentDomain'>>,
): Promise<ClientRow | undefined> {
  const [row] = await tx
    .update(clients)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(clients.id, clientId))
    .returning();
  return row;
}

/** Deletes the client; the database cascades to everything in it. */
export async function deleteClientRow(tx: Tx, clientId: string): Promise<void> {
  await tx.delete(clients).where(eq(clients.id, clientId));
}

export async function insertDomain(tx: Tx, clientId: string, domain: string): Promise<void> {
  await tx.insert(clientDomains).values({ domain, clientId });
}

/** Removes one of the client's domains (never another client's); whether it was there. */
export async function deleteDomain(tx: Tx, clientId: string, domain: string): Promise<boolean> {
  const gone = await tx
    .delete(clientDomains)
    .where(and(eq(clientDomains.clientId, clientId), eq(clientDomains.domain, domain.toLowerCase())))
    .returning();
  return gone.length > 0;
}

/** Ids of the client's admins. */
export async function clientAdminIds(db: Db, clientId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: clientAdmins.userId })
    .from(clientAdmins)
    .where(eq(clientAdmins.clientId, clientId));
  return rows.map((r) => r.userId);
}

/** Makes the user an admin of the client (idempotent). */
export async function insertClientAdmin(tx: Tx, clientId: string, userId: string): Promise<void> {
  await tx.insert(clientAdmins).values({ clientId, userId }).onConflictDoNothing();
}

/** The client's own sign-in providers (empty for none, an unknown client or unreadable settings). */
export async function clientOAuthOf(db: Db, clientId: string): Promise<StoredOAuth> {
  const [row] = await db.select({ oauth: clients.oauth }).from(clients).where(eq(clients.id, clientId));
  return parseClientOAuth(row?.oauth);
}

/**
 * Sets (or, with null, removes) one provider of the client, keeping the other: a read-modify-write
 * inside the caller's transaction, under a row lock so two admins saving at once both count.
 */
export async function writeClientOAuthProvider(
  tx: Tx,
  clientId: string,
  provider: ClientOAuthProviderName,
  stored: StoredProvider | null,
): Promise<void> {
  const [current] = await tx
    .select({ oauth: clients.oauth })
    .from(clients)
    .where(eq(clients.id, clientId))
    .for('update');
  const next = parseClientOAuth(current?.oauth);
  if (stored) next[provider] = stored;
  else delete next[provider];
  await tx.update(clients).set({ oauth: next, updatedAt: new Date() }).where(eq(clients.id, clientId));
}
