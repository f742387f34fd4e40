import { z } from 'zod';
import { ISOLATIONS } from '@k8s-scheduler/domain';
import { pageQuerySchema, pageSchema } from './pagination';
import { setOrgTierBodySchema, tierSchema } from './tenancy';

/**
 * The admin area (PRODUCT.md §10, §11): every org for a platform admin, the client's orgs for a
 * client admin, with tier, use, members and owner; a tier set by hand with its reason; the nodes
 * dedicated to an enterprise org.
 */

/** GET /api/admin/orgs — search by name or slug; newest first, keyset-paginated. */
export const adminOrgListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe('Part of the name or slug (case-insensitive)'),
  clientId: z
    .string()
    .uuid()
    .optional()
    .describe("Only this white-label client's orgs (a client admin sees only its own client anyway)"),
});

export const adminOrgSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  clientId: z.string().uuid().nullable(),
  tier: tierSchema,
  isolation: z.enum(ISOLATIONS),
  owner: z.object({ id: z.string().uuid(), email: z.string(), name: z.string() }).nullable(),
  members: z.number().int(),
  deployments: z.object({
    used: z.number().int(),
    max: z.number().int().nullable().describe('null: unlimited'),
  }),
  createdAt: z.string(),
});
export type AdminOrg = z.infer<typeof adminOrgSchema>;
export const adminOrgPageSchema = pageSchema(adminOrgSchema);

/** PUT /api/admin/orgs/:orgId/tier — a tier set by hand always says why (kept in the audit log). */
export const adminSetOrgTierBodySchema = setOrgTierBodySchema.extend({
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
});

/** GET /api/admin/orgs/:orgId/nodes — where an org with dedicated isolation can run. */
export const dedicatedNodesSchema = z.object({
  orgId: z.string().uuid(),
  tier: tierSchema,
  isolation: z.enum(ISOLATIONS),
  /** The node label (and taint key) the operator pins this org's pods with. */
  label: z.object({ key: z.string(), value: z.string() }),
  taint: z.object({ key: z.string(), value: z.string(), effect: z.literal('NoSchedule') }),
  kubernetes: z.enum(['connected', 'not_connected']),
  nodes: z.array(
    z.object({
      name: z.string(),
      ready: z.boolean(),
      schedulable: z.boolean(),
      tainted: z.boolean().describe('Carries the taint that keeps other orgs off'),
    }),
  ),
  warning: z.string().nullable(),
  howTo: z.array(z.string()).describe('Commands that dedicate a node to this org'),
});
export type DedicatedNodes = z.infer<typeof dedicatedNodesSchema>;
