import type { Logger } from 'pino';
import type { TemplateDetail, TemplateSummary, TemplateWriteBody } from '@k8s-scheduler/contracts';
import {
  authorize,
  checkTemplateVisibility,
  InvalidError,
  NotFoundError,
  parseTemplateYaml,
  templateAbilitiesOf,
  templatePolicy,
  templateReadScope,
  templateToYaml,
  templateWritePermission,
  type Subject,
  type Template,
  type TemplateVisibility,
  requireApiKeyScope,
} from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import { readSystemTemplates } from './system.templates.files';
import type { Db } from '../../db/database';
import { plansFor } from '../plans/plans';
import { resolveTeam } from '../deployments/team.scope';
import {
  addVersion,
  findByScopeName,
  findTemplate,
  insertTemplate,
  latestYaml,
  listTemplates,
  listVersions,
  softDeleteTemplate,
  type TemplateWithSpec,
} from './templates.repo';

/** Parses a template body (YAML text, or JSON data re-read as YAML so every problem gets a line and column). */
export function parseTemplateBody(body: TemplateWriteBody): { template: Template; yaml: string } {
  const yaml = 'yaml' in body ? body.yaml : templateToYaml(body.template as Template);
  const result = parseTemplateYaml(yaml);
  if (!result.ok) {
    const n = result.errors.length;
    throw new InvalidError(
      `The template has ${n} problem${n === 1 ? '' : 's'}: ${result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`,
      result.errors,
    );
  }
  return { template: result.template, yaml };
}

export function toSummary(subject: Subject, row: TemplateWithSpec): TemplateSummary {
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    description: row.description,
    category: row.category,
    visibility: row.visibility,
    orgId: row.orgId,
    teamId: row.teamId,
    authorId: row.authorId,
    latestVersion: row.latestVersion,
    versionLabel: row.spec.version,
    serviceCount: row.spec.services.length,
    updatedAt: row.updatedAt.toISOString(),
    abilities: templateAbilitiesOf(subject, row),
  };
}

type ListFilter = { visibility?: TemplateVisibility; category?: string; search?: string; teamId?: string };

export function createTemplatesService(deps: { db: Db; logger: Logger }) {
  const { db } = deps;

  /** A template of this client the caller can see (else 404), readable by them (else 403). */
  async function load(ctx: RequestContext, id: string) {
    const { subject, resource } = await ctx.enforce(
      templatePolicy,
      await findTemplate(db, ctx.clientId, id),
      'templates:read',
    );
    return { subject, row: resource };
  }

  async function detail(subject: Subject, row: TemplateWithSpec): Promise<TemplateDetail> {
    const versions = await listVersions(db, row.id);
    return {
      ...toSummary(subject, row),
      yaml: row.yaml,
      spec: row.spec as unknown as Record<string, unknown>,
      versions: versions.map((v) => ({
        version: v.version,
        versionLabel: String(v.spec.version ?? ''),
        createdAt: v.createdAt.toISOString(),
        createdBy: v.createdBy,
      })),
    };
  }

  /** Guards writing a custom template of `visibility` in the caller's team/org: permission, then tier. */
  async function guardWrite(
    ctx: RequestContext,
    visibility: TemplateVisibility,
    body: { teamId?: string; orgId?: string },
  ) {
    const subject = await ctx.subject();
    // A template not yet written has nothing to hide: the permission is checked on the scope the
    // policy gives the template it would become (the team was already resolved as visible).
    const as = (t: { clientId: string | null; orgId: string | null; teamId: string | null }) =>
      authorize(
        subject,
        templateWritePermission(visibility),
        templatePolicy.scope({ ...t, visibility, authorId: subject.userId }),
      );
    if (visibility === 'system') {
      as({ clientId: null, orgId: null, teamId: null });
      return { subject, clientId: null, orgId: null, teamId: null };
    }
    const team = await resolveTeam(db, ctx, body.teamId);
    if (body.orgId && body.orgId !== team.org.id) {
      throw new InvalidError('orgId must be the org of the team', [
        { path: 'orgId', message: 'orgId does not match the team' },
      ]);
    }
    const target = {
      clientId: team.org.clientId,
      orgId: team.org.id,
      teamId: visibility === 'org' ? null : team.teamId,
    };
    as(target);
    checkTemplateVisibility(team.org.tier, visibility, await plansFor(db, team.org.clientId));
    return { subject, ...target };
  }

  return {
    async list(ctx: RequestContext, filter: ListFilter) {
      const subject = await ctx.subject();
      requireApiKeyScope(subject, 'templates:read', 'listing templates');
      // With a team: only what can be deployed there (system, that org's, that team's, my private ones there).
      const team = filter.teamId ? await resolveTeam(db, ctx, filter.teamId) : null;
      const rows = (await listTemplates(db, ctx.clientId, templateReadScope(subject), filter)).filter((r) =>
        templatePolicy.visible(subject, r),
      );
      const usable = team
        ? rows.filter(
            (r) =>
              r.visibility === 'system' ||
              (r.orgId === team.org.id && (r.visibility === 'org' || r.teamId === team.teamId)),
          )
        : rows;
      return { items: usable.map((r) => toSummary(subject, r)) };
    },

    async get(ctx: RequestContext, id: string): Promise<TemplateDetail> {
      const { subject, row } = await load(ctx, id);
      return detail(subject, row);
    },

    /**
     * A template a deployment in `orgId` can be made from: one the caller can see, from the system
     * catalog or that org (another org's is not usable here, whatever the caller may see elsewhere).
     */
    async deployable(ctx: RequestContext, input: { templateId: string; orgId: string }) {
      const subject = await ctx.subject();
      const found = await findTemplate(db, ctx.clientId, input.templateId);
      if (
        !found ||
        !templatePolicy.visible(subject, found) ||
        (found.visibility !== 'system' && found.orgId !== input.orgId)
      ) {
        throw new NotFoundError(templatePolicy.resource, templatePolicy.notFound);
      }
      return found;
    },

    async create(ctx: RequestContext, body: TemplateWriteBody): Promise<TemplateDetail> {
      const { template, yaml } = parseTemplateBody(body);
      const target = await guardWrite(ctx, template.visibility, body);
      const created = await insertTemplate(db, {
        clientId: target.clientId,
        orgId: target.orgId,
        teamId: target.teamId,
        authorId: target.subject.userId,
        template,
        yaml,
      });
      if (!created) {
        throw new InvalidError(`A template named ${template.name} already exists here`, [
          { path: 'name', message: `name ${template.name} is already taken; choose another` },
        ]);
      }
      return this.get(ctx, created.id);
    },

    /** Saves a new version. Deployments keep the version they were created from. */
    async update(ctx: RequestContext, id: string, body: TemplateWriteBody): Promise<TemplateDetail> {
      const { subject, row } = await load(ctx, id);
      await ctx.enforce(templatePolicy, row, templateWritePermission(row.visibility));
      const { template, yaml } = parseTemplateBody(body);
      const issues = [];
      if (template.name !== row.name)
        issues.push({ path: 'name', message: `name cannot change (it is ${row.name})` });
      if (template.visibility !== row.visibility) {
        issues.push({
          path: 'visibility',
          message: `visibility cannot change (it is ${row.visibility}); create a new template instead`,
        });
      }
      if (issues.length) throw new InvalidError(issues.map((i) => i.message).join('; '), issues);
      await db.transaction((tx) => addVersion(tx, row.id, template, yaml, subject.userId));
      return this.get(ctx, id);
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      const { row } = await load(ctx, id);
      await ctx.enforce(templatePolicy, row, templateWritePermission(row.visibility));
      await softDeleteTemplate(db, row.id);
    },
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;

/**
 * Seeds the system templates: inserts missing ones and adds a version when the YAML changed.
 * Idempotent and safe with several replicas starting at once (the unique name index decides).
 */
export async function seedSystemTemplates(
  db: Db,
  logger: Logger,
): Promise<{ created: number; updated: number }> {
  let created = 0;
  let updated = 0;
  for (const template of await readSystemTemplates()) {
    const yaml = templateToYaml(template);
    const existing = await findByScopeName(db, null, template.name);
    if (!existing) {
      if (
        await insertTemplate(db, {
          clientId: null,
          orgId: null,
          teamId: null,
          authorId: null,
          template,
          yaml,
        })
      )
        created++;
      continue;
    }
    const changed = await db.transaction(async (tx) => {
      const current = await findByScopeName(tx, null, template.name);
      if (!current) return false;
      if ((await latestYaml(tx, current)) === yaml) return false;
      await addVersion(tx, current.id, template, yaml, null);
      return true;
    });
    if (changed) updated++;
  }
  if (created || updated) logger.info({ created, updated }, 'system templates seeded');
  return { created, updated };
}
