import { z } from 'zod';
import { ASSIGNABLE_ORG_ROLES, TIERS } from '@k8s-scheduler/domain';
import { emailSchema, orgRoleSchema, teamRoleSchema } from './me';

/** Lowercase DNS-label slug (used in namespaces and URLs). */
export const slugSchema = z
  .string()
  .min(1)
  .max(40)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'expected lowercase letters, digits and dashes (no leading/trailing dash)',
  );

export const tierSchema = z.enum(TIERS);
export type TierName = z.infer<typeof tierSchema>;

/** The actions the caller may take on a resource (`resource:action` permissions). */
export const abilitiesSchema = z.array(z.string()).describe('Permissions the caller holds on this resource');

export const orgSchema = z.object({
  id: z.string().uuid(),
  clientId: z.string().uuid().nullable(),
  name: z.string(),
  slug: z.string(),
  tier: tierSchema,
  role: orgRoleSchema
    .nullable()
    .describe("The caller's org role (null: access via a team role or an admin role)"),
  createdAt: z.string(),
  abilities: abilitiesSchema,
});
export type Org = z.infer<typeof orgSchema>;
export const orgListSchema = z.object({ items: z.array(orgSchema) });

export const createOrgBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  slug: slugSchema.optional().describe('Default: derived from the name'),
});
/** PATCH /api/orgs/:orgId — the slug is fixed at creation (namespaces derive from it). */
export const updateOrgBodySchema = z.object({ name: z.string().trim().min(1).max(100) });
export const transferOrgBodySchema = z.object({
  userId: z.string().uuid().describe('An existing member who becomes org_owner'),
});

export const orgMemberSchema = z.object({
  userId: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: orgRoleSchema,
  createdAt: z.string(),
  abilities: abilitiesSchema.describe('org:members:manage when the caller may change or remove this member'),
});
export type OrgMember = z.infer<typeof orgMemberSchema>;
export const orgMemberListSchema = z.object({ items: z.array(orgMemberSchema) });
/** Non-owner org roles (ownership moves only by transfer). */
export const assignableOrgRoleSchema = z.enum(ASSIGNABLE_ORG_ROLES);
export const addOrgMemberBodySchema = z.object({
  email: emailSchema,
  role: assignableOrgRoleSchema.default('org_member'),
});
export const updateOrgMemberBodySchema = z.object({ role: assignableOrgRoleSchema });

export const teamSchema = z.object({
  id: z.string().uuid(),
  orgId: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  role: teamRoleSchema.nullable().describe("The caller's explicit team role"),
  createdAt: z.string(),
  abilities: abilitiesSchema,
});
export type Team = z.infer<typeof teamSchema>;
export const teamListSchema = z.object({ items: z.array(teamSchema) });
export const createTeamBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  slug: slugSchema.optional(),
});

export const teamMemberSchema = z.object({
  userId: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: teamRoleSchema,
  createdAt: z.string(),
  abilities: abilitiesSchema,
});
export type TeamMember = z.infer<typeof teamMemberSchema>;
export const teamMemberListSchema = z.object({ items: z.array(teamMemberSchema) });
export const addTeamMemberBodySchema = z.object({
  email: emailSchema,
  role: teamRoleSchema.default('developer'),
});
export const updateTeamMemberBodySchema = z.object({ role: teamRoleSchema });

/** PUT /api/me/current-team */
export const currentTeamBodySchema = z.object({ teamId: z.string().uuid().nullable() });
export const currentTeamSchema = z.object({ currentTeamId: z.string().uuid().nullable() });

export const orgIdParamsSchema = z.object({ orgId: z.string().uuid() });
export const teamIdParamsSchema = z.object({ teamId: z.string().uuid() });
export const orgMemberParamsSchema = z.object({ orgId: z.string().uuid(), userId: z.string().uuid() });
export const teamMemberParamsSchema = z.object({ teamId: z.string().uuid(), userId: z.string().uuid() });

// ---- Invitations ---------------------------------------------------------------------------------

export const invitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export const invitationSchema = z.object({
  id: z.string().uuid(),
  orgId: z.string().uuid(),
  teamId: z.string().uuid().nullable(),
  teamName: z.string().nullable(),
  email: z.string(),
  orgRole: assignableOrgRoleSchema,
  teamRole: teamRoleSchema.nullable(),
  invitedBy: z.string().uuid().nullable(),
  status: invitationStatusSchema,
  expiresAt: z.string(),
  createdAt: z.string(),
  abilities: abilitiesSchema,
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationListSchema = z.object({ items: z.array(invitationSchema) });

/**
 * POST /api/orgs/:orgId/invitations. With `teamId` a team admin invites to their team (the invitee
 * also becomes an org_member); without it, org owners/admins invite to the org only.
 */
export const createInvitationBodySchema = z
  .object({
    email: emailSchema,
    teamId: z.string().uuid().optional(),
    teamRole: teamRoleSchema.optional().describe('Default developer when teamId is given'),
    orgRole: assignableOrgRoleSchema.default('org_member'),
  })
  .refine((v) => v.teamRole === undefined || v.teamId !== undefined, {
    message: 'teamRole needs a teamId',
    path: ['teamRole'],
  });
export const invitationParamsSchema = z.object({ orgId: z.string().uuid(), invitationId: z.string().uuid() });
export const invitationTokenParamsSchema = z.object({ token: z.string().min(20).max(200) });

/** GET /api/invitations/:token — what the invitee sees before accepting (no sign-in needed). */
export const invitationPreviewSchema = z.object({
  orgName: z.string(),
  teamName: z.string().nullable(),
  email: z.string(),
  inviterName: z.string().nullable(),
  teamRole: teamRoleSchema.nullable(),
  orgRole: assignableOrgRoleSchema,
  status: invitationStatusSchema,
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export const invitationAcceptedSchema = z.object({
  orgId: z.string().uuid(),
  teamId: z.string().uuid().nullable(),
});

export const devMailSchema = z.object({
  id: z.number().int(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  createdAt: z.string(),
});
export const devMailboxSchema = z.object({ items: z.array(devMailSchema) });

/** PUT /api/orgs/:orgId/tier — set by platform or client admins while Stripe billing is not configured. */
export const setOrgTierBodySchema = z.object({
  tier: tierSchema,
  quota: z
    .object({
      cpu: z.string().regex(/^\d+(\.\d+)?m?$/, 'expected a CPU quantity such as 4 or 500m'),
      memory: z
        .string()
        .regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/, 'expected a memory quantity such as 16Gi'),
    })
    .nullable()
    .optional()
    .describe('Per-org cluster quota (enterprise: "set per org"); null clears it'),
  reason: z
    .string()
    .trim()
    .min(3, 'say why (at least 3 characters)')
    .max(500)
    .optional()
    .describe(
      'Why the tier is set by hand (kept in the audit log; required by PUT /api/admin/orgs/:orgId/tier)',
    ),
});

const usageLineSchema = z.object({
  used: z.number(),
  max: z.number().nullable().describe('null: unlimited'),
  unit: z.enum(['count', 'millicores', 'bytes']),
});
/** GET /api/orgs/:orgId/usage — use of the tier's limits, for the dashboard's bars. */
export const orgUsageSchema = z.object({
  orgId: z.string().uuid(),
  tier: tierSchema,
  deployments: usageLineSchema,
  members: usageLineSchema,
  cpu: usageLineSchema,
  memory: usageLineSchema,
});
export type OrgUsage = z.infer<typeof orgUsageSchema>;
