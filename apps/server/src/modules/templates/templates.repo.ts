import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Template, TemplateVisibility } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { templates, templateVersions } from '../../db/schema';

export type TemplateRow = typeof templates.$inferSelect;
export type TemplateWithSpec = TemplateRow & { yaml: string; spec: Template };

/** What the caller can see: system templates plus those of their orgs, teams and their own private ones. */
export interface TemplateVisibilityScope {
  userId: string;
  orgIds: readonly string[];
  teamIds: readonly string[];
}

/** Tenant scoping of every template read: a template outside this condition does not exist for the caller. */
function visibleTo(scope: TemplateVisibilityScope): SQL {
  const parts: SQL[] = [eq(templates.visibility, 'system')];
  if (scope.orgIds.length)
    parts.push(and(eq(templates.visibility, 'org'), inArray(templates.orgId, [...scope.orgIds])) as SQL);
  if (scope.teamIds.length)
    parts.push(and(eq(templates.visibility, 'team'), inArray(templates.teamId, [...scope.teamIds])) as SQL);
  parts.push(and(eq(templates.visibility, 'private'), eq(templates.authorId, scope.userId)) as SQL);
  return or(...parts) as SQL;
}

const latestJoin = and(
  eq(templateVersions.templateId, templates.id),
  eq(templateVersions.version, templates.latestVersion),
);

export async function listVisibleTemplates(
  db: Db,
  scope: TemplateVisibilityScope,
  filter: { visibility?: TemplateVisibility; category?: string; search?: string },
): Promise<TemplateWithSpec[]> {
  const conditions: SQL[] = [isNull(templates.deletedAt), visibleTo(scope)];
  if (filter.visibility) conditions.push(eq(templates.visibility, filter.visibility));
  if (filter.category) conditions.push(eq(templates.category, filter.category));
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(templates.name, like),
        ilike(templates.displayName, like),
        ilike(templates.description, like),
      ) as SQL,
    );
  }
  const rows = await db
    .select({ t: templates, yaml: templateVersions.yaml, spec: templateVersions.spec })
    .from(templates)
    .innerJoin(templateVersions, latestJoin)
    .where(and(...conditions))
    .orderBy(asc(templates.displayName), asc(templates.id));
  return rows.map((r) => ({ ...r.t, yaml: r.yaml, spec: r.spec as unknown as Template }));
}

/** One visible template with its latest version; null when it does not exist or is not visible. */
export async function findVisibleTemplate(
  db: Db,
  scope: TemplateVisibilityScope,
  id: string,
): Promise<TemplateWithSpec | null> {
  const [row] = await db
    .select({ t: templates, yaml: templateVersions.yaml, spec: templateVersions.spec })
    .from(templates)
    .innerJoin(templateVersions, latestJoin)
    .where(and(eq(templates.id, id), isNull(templates.deletedAt), visibleTo(scope)));
  return row ? { ...row.t, yaml: row.yaml, spec: row.spec as unknown as Template } : null;
}

export async function listVersions(db: Db, templateId: string) {
  return db
    .select({
      version: templateVersions.version,
      spec: templateVersions.spec,
      createdAt: templateVersions.createdAt,
      createdBy: templateVersions.createdBy,
    })
    .from(templateVersions)
    .where(eq(templateVersions.templateId, templateId))
    .orderBy(desc(templateVersions.version));
}

/** A live template with the same name in the same scope (org, or the system catalog). */
export async function findByScopeName(
  db: Db | Tx,
  orgId: string | null,
  name: string,
): Promise<TemplateRow | null> {
  const [row] = await db
    .select()
    .from(templates)
    .where(
      and(
        orgId === null ? isNull(templates.orgId) : eq(templates.orgId, orgId),
        eq(templates.name, name),
        isNull(templates.deletedAt),
      ),
    );
  return row ?? null;
}

export async function insertTemplate(
  tx: Db | Tx,
  row: {
    clientId: string | null;
    orgId: string | null;
    teamId: string | null;
    authorId: string | null;
    template: Template;
    yaml: string;
  },
): Promise<TemplateRow | null> {
  const t = row.template;
  const [created] = await tx
    .insert(templates)
    .values({
      clientId: row.clientId,
      orgId: row.orgId,
      teamId: row.teamId,
      authorId: row.authorId,
      name: t.name,
      displayName: t.displayName,
      description: t.description,
      category: t.category,
      visibility: t.visibility,
      latestVersion: 1,
    })
    .onConflictDoNothing()
    .returning();
  if (!created) return null;
  await tx.insert(templateVersions).values({
    templateId: created.id,
    version: 1,
    yaml: row.yaml,
    spec: t as unknown as Record<string, unknown>,
    createdBy: row.authorId,
  });
  return created;
}

/** Adds a version and moves the template's latest pointer; the row is locked so versions never collide. */
export async function addVersion(
  tx: Tx,
  templateId: string,
  template: Template,
  yaml: string,
  userId: string | null,
): Promise<number> {
  const [locked] = await tx
    .select({ latest: templates.latestVersion })
    .from(templates)
    .where(eq(templates.id, templateId))
    .for('update');
  const version = (locked?.latest ?? 0) + 1;
  await tx.insert(templateVersions).values({
    templateId,
    version,
    yaml,
    spec: template as unknown as Record<string, unknown>,
    createdBy: userId,
  });
  await tx
    .update(templates)
    .set({
      latestVersion: version,
      displayName: template.displayName,
      description: template.description,
      category: template.category,
      updatedAt: sql`now()`,
    })
    .where(eq(templates.id, templateId));
  return version;
}

export async function softDeleteTemplate(db: Db, templateId: string): Promise<void> {
  await db
    .update(templates)
    .set({ deletedAt: sql`now()` })
    .where(eq(templates.id, templateId));
}

/** A specific version of a template, for deployments that pinned it. */
export async function findVersion(db: Db, templateId: string, version: number) {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.version, version)));
  return row ?? null;
}
