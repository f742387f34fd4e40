import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { TemplateDetail, TemplateSummary, TemplateWriteBody } from '@k8s-scheduler/contracts';
import {
  abilities,
  authorize,
  checkTemplateVisibility,
  InvalidError,
  NotFoundError,
  parseTemplateYaml,
  templateToYaml,
  templateWritePermission,
  type AuthzScope,
  type Permission,
  type Subject,
  type Template,
  type TemplateVisibility,
} from '@k8s-scheduler/domain';
import { readSystemTemplates } from './system.templates.files';
import type { Db } from '../../db/database';
import { subjectOf } from '../access/access';
import { plansFor } from '../plans/plans';
import { orgIdsOf, resolveTeam, teamIdsOf } from '../deployments/team.scope';
import {
  addVersion,
  findByScopeName,
  findVisibleTemplate,
  insertTemplate,
  listVersions,
  listVisibleTemplates,
  softDeleteTemplate,
  type TemplateVisibilityScope,
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

export async function visibilityScope(db: Db, subject: Subject): Promise<TemplateVisibilityScope> {
  return { userId: subject.userId, orgIds: orgIdsOf(subject), teamIds: await teamIdsOf(db, subject) };
}

function authzScope(
  row: Pick<TemplateWithSpec, 'orgId' | 'teamId' | 'authorId' | 'visibility' | 'clientId'>,
): AuthzScope {
  if (row.visibility === 'system') return {};
  return {
    clientId: row.clientId,
    ...(row.orgId ? { orgId: row.orgId } : {}),
    ...(row.teamId && row.visibility !== 'org' ? { teamId: row.teamId } : {}),
    ...(row.visibility === 'private' && row.authorId ? { ownerUserId: row.authorId } : {}),
  };
}

function templateAbilities(subject: Subject, row: TemplateWithSpec): Permission[] {
  return abilities(subject, authzScope(row), ['templates:read', templateWritePermission(row.visibility)]);
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
    abilities: templateAbilities(subject, row),
  };
}

export function createTemplatesService(deps: { db: Db; logger: Logger }) {
  const { db } = deps;

  /** Loads a template the caller can see; anything else is "not found" (no existence leak). */
  async function load(request: FastifyRequest, id: string) {
    const subject = await subjectOf(db, request);
    const row = await findVisibleTemplate(db, await visibilityScope(db, subject), id);
    if (!row) throw new NotFoundError('template', 'The template does not exist or you cannot see it.');
    authorize(subject, 'templates:read', authzScope(row));
    return { subject, row };
  }

  async function detail(subject: Subject, row: TemplateWithSpec): Promise<TemplateDetail> {
    const versions = await listVersions(db, row.id);
    return {
      ...toSummary(subject, row),
      yaml: row.yaml,
      spec: row.spec as unknown as Record<string, unknown>,
      versions: versions.map((v) => ({
        version: v.version,
        versionLabel: String((v.spec as { version?: unknown }).version ?? ''),
        createdAt: v.createdAt.toISOString(),
        createdBy: v.createdBy,
      })),
    };
  }

  /** Guards writing a custom template of `visibility` in the caller's team/org: permission, then tier. */
  async function guardWrite(
    request: FastifyRequest,
    visibility: TemplateVisibility,
    body: { teamId?: string; orgId?: string },
  ) {
    const subject = await subjectOf(db, request);
    if (visibility === 'system') {
      authorize(subject, 'templates:write:system', {});
      return { subject, clientId: null, orgId: null, teamId: null };
    }
    const team = await resolveTeam(db, request, body.teamId);
    if (body.orgId && body.orgId !== team.org.id) {
      throw new InvalidError('orgId must be the org of the team', [
        { path: 'orgId', message: 'orgId does not match the team' },
      ]);
    }
    const scope: AuthzScope = {
      clientId: team.org.clientId,
      orgId: team.org.id,
      ...(visibility === 'org' ? {} : { teamId: team.teamId }),
    };
    authorize(subject, templateWritePermission(visibility), scope);
    checkTemplateVisibility(team.org.tier, visibility, await plansFor(db, team.org.clientId));
    return {
      subject,
      clientId: team.org.clientId,
      orgId: team.org.id,
      teamId: visibility === 'org' ? null : team.teamId,
    };
  }

  return {
    async list(
      request: FastifyRequest,
      filter: { visibility?: TemplateVisibility; category?: string; search?: string; teamId?: string },
    ) {
      const subject = await subjectOf(db, request);
      // With a team: only what can be deployed there (system, that org's, that team's, my private ones there).
      const team = filter.teamId ? await resolveTeam(db, request, filter.teamId) : null;
      const rows = await listVisibleTemplates(db, await visibilityScope(db, subject), filter);
      const usable = team
        ? rows.filter(
            (r) =>
              r.visibility === 'system' ||
              (r.orgId === team.org.id && (r.visibility === 'org' || r.teamId === team.teamId)),
          )
        : rows;
      return { items: usable.map((r) => toSummary(subject, r)) };
    },

    async get(request: FastifyRequest, id: string): Promise<TemplateDetail> {
      const { subject, row } = await load(request, id);
      return detail(subject, row);
    },

    async create(request: FastifyRequest, body: TemplateWriteBody): Promise<TemplateDetail> {
      const { template, yaml } = parseTemplateBody(body);
      const target = await guardWrite(request, template.visibility, body);
      const created = await insertTemplate(db, {
        ...target,
        authorId: target.subject.userId,
        template,
        yaml,
      });
      if (!created) {
        throw new InvalidError(`A template named ${template.name} already exists here`, [
          { path: 'name', message: `name ${template.name} is already taken; choose another` },
        ]);
      }
      return this.get(request, created.id);
    },

    /** Saves a new version. Deployments keep the version they were created from. */
    async update(request: FastifyRequest, id: string, body: TemplateWriteBody): Promise<TemplateDetail> {
      const { subject, row } = await load(request, id);
      authorize(subject, templateWritePermission(row.visibility), authzScope(row));
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
      return this.get(request, id);
    },

    async remove(request: FastifyRequest, id: string): Promise<void> {
      const { subject, row } = await load(request, id);
      authorize(subject, templateWritePermission(row.visibility), authzScope(row));
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
      const latest = await tx.query.templateVersions.findFirst({
        where: (v, { and, eq }) => and(eq(v.templateId, current.id), eq(v.version, current.latestVersion)),
      });
      if (latest?.yaml === yaml) return false;
      await addVersion(tx, current.id, template, yaml, null);
      return true;
    });
    if (changed) updated++;
  }
  if (created || updated) logger.info({ created, updated }, 'system templates seeded');
  return { created, updated };
}
