import { z } from 'zod';
import { ORG_ROLES, TEAM_ROLES, TIERS } from '@k8s-scheduler/domain';

/** Email address; deliberately allows single-label hosts such as dev@localhost. */
export const emailSchema = z
  .string()
  .max(320)
  .regex(/^[^@\s]+@[^@\s]+$/, 'expected an email address');

export const userSchema = z.object({
  id: z.string().uuid(),
  email: emailSchema,
  name: z.string(),
  avatarUrl: z.string().nullable(),
  isPlatformAdmin: z.boolean(),
  clientId: z.string().uuid().nullable(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const orgRoleSchema = z.enum(ORG_ROLES);
export type OrgRole = z.infer<typeof orgRoleSchema>;
export const teamRoleSchema = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof teamRoleSchema>;

export const membershipOrgSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  tier: z.enum(TIERS),
  role: orgRoleSchema,
});
export const membershipTeamSchema = z.object({
  id: z.string().uuid(),
  orgId: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  role: teamRoleSchema.nullable().describe('Explicit team role; null when rights come from the org role'),
});

/** A white-label client the user administers (client_admin). */
export const administeredClientSchema = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
});
export type AdministeredClient = z.infer<typeof administeredClientSchema>;

/** GET /api/me */
export const meSchema = z.object({
  user: userSchema,
  orgs: z.array(membershipOrgSchema),
  teams: z.array(membershipTeamSchema),
  currentTeamId: z.string().uuid().nullable(),
  /** Clients the user administers (client_admin); empty for most users. Platform admins see every client anyway. */
  administeredClients: z.array(administeredClientSchema),
  devMode: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const devLoginBodySchema = z.object({
  email: emailSchema.optional(),
  name: z.string().min(1).max(200).optional(),
});
