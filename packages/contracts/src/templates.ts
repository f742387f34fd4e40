import { z } from 'zod';
import { TEMPLATE_LIMITS, TEMPLATE_VISIBILITIES } from '@k8s-scheduler/domain';

export const templateVisibilitySchema = z.enum(TEMPLATE_VISIBILITIES);
export type TemplateVisibilityDto = z.infer<typeof templateVisibilitySchema>;

/** POST /api/templates and PUT /api/templates/:id — the template as YAML text, or as JSON data. */
export const templateWriteBodySchema = z.union([
  z.object({
    yaml: z
      .string()
      .min(1)
      .max(TEMPLATE_LIMITS.yamlBytes)
      .describe(`The template document in YAML (at most ${TEMPLATE_LIMITS.yamlBytes / 1024} KiB)`),
    teamId: z
      .string()
      .uuid()
      .optional()
      .describe('Team of a team (or private) template; default: current team'),
    orgId: z.string().uuid().optional().describe("Org of an org-wide template; default: the team's org"),
  }),
  z.object({
    template: z.record(z.string(), z.unknown()).describe('The template as JSON data'),
    teamId: z.string().uuid().optional(),
    orgId: z.string().uuid().optional(),
  }),
]);
export type TemplateWriteBody = z.infer<typeof templateWriteBodySchema>;

export const templateListQuerySchema = z.object({
  visibility: templateVisibilitySchema.optional(),
  category: z.string().max(50).optional(),
  search: z.string().max(100).optional(),
  teamId: z
    .string()
    .uuid()
    .optional()
    .describe('Only templates usable in this team (default: all I can see)'),
});

export const templateSummarySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  displayName: z.string(),
  description: z.string(),
  category: z.string(),
  visibility: templateVisibilitySchema,
  orgId: z.string().uuid().nullable(),
  teamId: z.string().uuid().nullable(),
  authorId: z.string().uuid().nullable(),
  latestVersion: z.number().int(),
  /** The author's own version label (`version:` in the YAML). */
  versionLabel: z.string(),
  serviceCount: z.number().int(),
  updatedAt: z.string(),
  abilities: z.array(z.string()),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

export const templateVersionSchema = z.object({
  version: z.number().int(),
  versionLabel: z.string(),
  createdAt: z.string(),
  createdBy: z.string().uuid().nullable(),
});

export const templateDetailSchema = templateSummarySchema.extend({
  yaml: z.string(),
  spec: z.record(z.string(), z.unknown()).describe('The validated template (defaults applied)'),
  versions: z.array(templateVersionSchema),
});
export type TemplateDetail = z.infer<typeof templateDetailSchema>;

export const templateListSchema = z.object({ items: z.array(templateSummarySchema) });
export const templateIdParamsSchema = z.object({ id: z.string().uuid() });
