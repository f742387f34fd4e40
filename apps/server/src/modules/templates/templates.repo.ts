import { and, asc, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Template, TemplateVisibility, templateReadScope } from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import { templates, templateVersions } from './templates.schema';

/**
 * The one reader and writer of `templates` and `template_versions`. Reads by a request take the
 * request's client first: the system catalog plus that client's templates; another client's
 * template does not exist. Who may see which of them is `templatePolicy`'s answer.
 */

export type TemplateRow = typeof templates.$inferSelect;
export type TemplateWithSpec = TemplateRow & { yaml: string; spec: Template };

/** The SQL form of `templateReadScope` (from the template policy), narrowing a listing. */
export type TemplateReadScope = ReturnType<typeof templateReadScope>;

/** Tenant scope: the system catalog and this client's own templates (null: the platform's). */
function inClient(clientId: string | null): SQL {
  return or(
    eq(templates.visibility, 'system'),
    clientId === null ? isNull(templates.clientId) : eq(templates.clientId, clientId),
  ) as SQL;
}

/** The rows `seesTemplate` can accept, so a listing does not read the whole client's catalog. */
function readable(scope: TemplateReadScope): SQL {
  const parts: SQL[] = [eq(templates.visibility, 'system')];
  if (scope.orgIds.length)
    parts.push(and(eq(templates.visibility, 'org'), inArray(templates.orgId, scope.orgIds)) as SQL);
  if (scope.teamIds.length)
    parts.push(and(eq(templates.visibility, 'team'), inArray(templates.teamId, scope.teamIds)) as SQL);
  if (scope.adminOrgIds.length)
    parts.push(and(eq(templates.visibility, 'team'), inArray(templates.orgId, scope.adminOrgIds)) as SQL);
  parts.push(and(eq(templates.visibility, 'private'), eq(templates.authorId, scope.userId)) as SQL);
  return or(...parts) as SQL;
}

const latestJoin = and(
  eq(templateVersions.templateId, templates.id),
  eq(templateVersions.version, templates.latestVersion),
);

/** Live templates of this client the read scope may contain, with their latest version. */
export async function listTemplates(
  db: Db,
  clientId: string | null,
  scope: TemplateReadScope,
  filter: { visibility?: TemplateVisibility; category?: string; search?: string },
): Promise<TemplateWithSpec[]> {
  const conditions: SQL[] = [isNull(templates.deletedAt), inClient(clientId), readable(scope)];
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
  return rows.map((r) => ({ ...r.t, yaml: r.yaml, spec: r.spec }));
}

/** One live template of this client with its latest version; null when absent, deleted or another client's. */
export async function findTemplate(
  db: Db,
  clientId: string | null,
  id: string,
): Promise<TemplateWithSpec | null> {
  const [row] = await db
    .select({ t: templates, yaml: templateVersions.yaml, spec: templateVersions.spec })
    .from(templates)
    .innerJoin(templateVersions, latestJoin)
    .where(and(eq(templates.id, id), isNull(templates.deletedAt), inClient(clientId)));
  return row ? { ...row.t, yaml: row.yaml, spec: row.spec } : null;
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
    spec: t,
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
    spec: template,
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
export async function findVersion(db: Db | Tx, templateId: string, version: number) {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.version, version)));
  return row ?? null;
}

/** The YAML of a template's latest version (the seeder compares it before adding a version). */
export async function latestYaml(db: Db | Tx, template: Pick<TemplateRow, 'id' | 'latestVersion'>) {
  const [row] = await db
    .select({ yaml: templateVersions.yaml })
    .from(templateVersions)
    .where(
      and(eq(templateVersions.templateId, template.id), eq(templateVersions.version, template.latestVersion)),
    );
  return row?.yaml ?? null;
}
