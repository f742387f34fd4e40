import { and, eq, inArray, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { OrgRole, Tier } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { paginate } from '../../pagination/keyset';
import { orgMembers, organizations, type OrgLimitOverrides } from './orgs.schema';

/** The only reads and writes of `organizations` and `org_members`. */

export type OrgRow = typeof organizations.$inferSelect;
export type OrgMemberRow = typeof orgMembers.$inferSelect;
type Q = Db | Tx;

/** Rows above orgs carry the client; a request on one client's host never reads another's rows. */
const clientScope = (clientId: string | null) =>
  clientId ? eq(organizations.clientId, clientId) : isNull(organizations.clientId);

/** The org of this client (another client's org is "not found": undefined). */
export async function findOrg(db: Q, clientId: string | null, orgId: string): Promise<OrgRow | undefined> {
  const [row] = await db
    .select()
    .from(organizations)
    .where(and(clientScope(clientId), eq(organizations.id, orgId)));
  return row;
}

/** The orgs of this client among `ids`, by name. */
export async function listOrgs(db: Q, clientId: string | null, ids: readonly string[]): Promise<OrgRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(organizations)
    .where(and(clientScope(clientId), inArray(organizations.id, [...ids])))
    .orderBy(organizations.name);
}

/** Every org of the client, by name (the client's admin pages). */
export async function listClientOrgs(db: Q, clientId: string): Promise<OrgRow[]> {
  return db.select().from(organizations).where(clientScope(clientId)).orderBy(organizations.name);
}

/** Creates the org with its owner. Throws the driver's unique violation when the slug is taken. */
export async function insertOrg(
  tx: Tx,
  values: { clientId: string | null; name: string; slug: string },
  ownerId: string,
): Promise<OrgRow> {
  const [created] = await tx.insert(organizations).values(values).returning();
  if (!created) throw new Error('org insert returned nothing');
  await tx.insert(orgMembers).values({ orgId: created.id, userId: ownerId, role: 'org_owner' });
  return created;
}

export async function updateOrgRow(
  tx: Q,
  orgId: string,
  patch: { name?: string; tier?: Tier; limitOverrides?: OrgLimitOverrides },
): Promise<OrgRow | undefined> {
  const [row] = await tx
    .update(organizations)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(organizations.id, orgId))
    .returning();
  return row;
}

/** Deletes the org; its members, teams and invitations go with it (foreign keys cascade). */
export async function deleteOrgRow(tx: Q, orgId: string): Promise<void> {
  await tx.delete(organizations).where(eq(organizations.id, orgId));
}

/**
 * Locks the org row until the transaction ends, so two concurrent member additions cannot both
 * pass the tier's member limit.
 */
export async function lockOrgRow(tx: Q, orgId: string): Promise<OrgRow | undefined> {
  const [row] = await tx.select().from(organizations).where(eq(organizations.id, orgId)).for('update');
  return row;
}

/** Members of the org (or the one member `userId`). */
export async function listOrgMembers(db: Q, orgId: string, userId?: string): Promise<OrgMemberRow[]> {
  return db
    .select()
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), userId ? eq(orgMembers.userId, userId) : undefined));
}

export async function findOrgMember(db: Q, orgId: string, userId: string): Promise<OrgMemberRow | undefined> {
  const [row] = await listOrgMembers(db, orgId, userId);
  return row;
}

/** Adds the member; an existing membership is kept as it is. */
export async function insertOrgMember(tx: Q, orgId: string, userId: string, role: OrgRole): Promise<void> {
  await tx.insert(orgMembers).values({ orgId, userId, role }).onConflictDoNothing();
}

export async function setOrgMemberRole(tx: Q, orgId: string, userId: string, role: OrgRole): Promise<void> {
  await tx
    .update(orgMembers)
    .set({ role })
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId)));
}

/** Removes a membership; never the owner's (the org always keeps exactly one owner). */
export async function deleteOrgMember(tx: Q, orgId: string, userId: string): Promise<void> {
  await tx
    .delete(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId), ne(orgMembers.role, 'org_owner')));
}

/** Makes `toUserId` the owner and the previous owner an `org_admin`. */
export async function moveOwnership(tx: Tx, orgId: string, toUserId: string): Promise<void> {
  // Demote first: the one-owner unique index holds at every statement.
  await tx
    .update(orgMembers)
    .set({ role: 'org_admin' })
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'org_owner')));
  await setOrgMemberRole(tx, orgId, toUserId, 'org_owner');
}

/** The user's org memberships with their orgs, by org name (`/api/me`). */
export async function orgsOfUser(db: Q, userId: string) {
  return db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      tier: organizations.tier,
      role: orgMembers.role,
    })
    .from(orgMembers)
    .innerJoin(organizations, eq(organizations.id, orgMembers.orgId))
    .where(eq(orgMembers.userId, userId))
    .orderBy(organizations.name);
}

/**
 * Reads of the organizations table for other modules (deployments, secrets): they never query it
 * themselves. Every lookup by a request takes the request's client first.
 */

export type OrganizationRow = OrgRow;

/** `findOrg` answering null (for the deployments and secrets modules). */
export async function findOrgInClient(
  db: Db | Tx,
  clientId: string | null,
  orgId: string,
): Promise<OrganizationRow | null> {
  return (await findOrg(db, clientId, orgId)) ?? null;
}

/** An org by id, for work that already holds a scoped reference to it (a deployment's org). */
export async function findOrgById(db: Db | Tx, orgId: string): Promise<OrganizationRow | null> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  return org ?? null;
}

/** Locks the org row for the rest of the transaction (see `lockOrgRow`): limit checks then run one at a time per org. */
export async function lockOrg(tx: Tx, orgId: string): Promise<void> {
  await lockOrgRow(tx, orgId);
}

/** Subquery of the ids of a client's orgs, for tenant-scoping rows that carry only `org_id`. */
export function orgIdsOfClient(clientId: string | null): SQL {
  return sql`(select ${organizations.id} from ${organizations} where ${clientScope(clientId)})`;
}

/**
 * A page of orgs for the admin area: of one client (`clientId`), direct orgs (`null`) or all
 * (`undefined`, platform admins), optionally matching `q` in the name or slug; newest first.
 */
export async function adminOrgPage(
  db: Db,
  input: {
    clientId?: string | null;
    q?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
) {
  const pattern = input.q ? `%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return paginate(input, { at: organizations.createdAt, id: organizations.id }, (k) =>
    db
      .select({ org: organizations, cursorKey: k.cursorKey })
      .from(organizations)
      .where(
        and(
          input.clientId === undefined ? undefined : clientScope(input.clientId),
          pattern
            ? sql`(${organizations.name} ilike ${pattern} or ${organizations.slug} ilike ${pattern})`
            : undefined,
          k.where,
        ),
      )
      .orderBy(...k.orderBy)
      .limit(k.limit),
  );
}

/** Members and the owner of each of these orgs, in one query. */
export async function membersSummary(
  db: Q,
  orgIds: readonly string[],
): Promise<Map<string, { members: number; ownerId: string | null }>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .select({
      orgId: orgMembers.orgId,
      members: sql<number>`count(*)::int`,
      ownerId: sql<
        string | null
      >`(array_agg(${orgMembers.userId}::text) filter (where ${orgMembers.role} = 'org_owner'))[1]`,
    })
    .from(orgMembers)
    .where(inArray(orgMembers.orgId, [...orgIds]))
    .groupBy(orgMembers.orgId);
  return new Map(rows.map((r) => [r.orgId, { members: Number(r.members), ownerId: r.ownerId }]));
}
