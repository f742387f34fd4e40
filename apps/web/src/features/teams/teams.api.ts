import {
  currentTeamSchema,
  invitationAcceptedSchema,
  invitationListSchema,
  invitationPreviewSchema,
  invitationSchema,
  orgListSchema,
  orgMemberListSchema,
  orgMemberSchema,
  orgSchema,
  teamListSchema,
  teamMemberListSchema,
  teamMemberSchema,
  teamSchema,
} from '@k8s-scheduler/contracts';
import type { OrgRole, TeamRole } from '@k8s-scheduler/contracts';
import { apiFetch } from '../../lib/api';

const enc = encodeURIComponent;

export const listOrgs = () => apiFetch('/api/orgs', { schema: orgListSchema }).then((r) => r.items);
export const createOrg = (body: { name: string; slug?: string }) =>
  apiFetch('/api/orgs', { method: 'POST', body, schema: orgSchema });
export const getOrg = (orgId: string) => apiFetch(`/api/orgs/${enc(orgId)}`, { schema: orgSchema });
export const renameOrg = (orgId: string, name: string) =>
  apiFetch(`/api/orgs/${enc(orgId)}`, { method: 'PATCH', body: { name }, schema: orgSchema });
export const deleteOrg = (orgId: string) => apiFetch(`/api/orgs/${enc(orgId)}`, { method: 'DELETE' });

export const listOrgMembers = (orgId: string) =>
  apiFetch(`/api/orgs/${enc(orgId)}/members`, { schema: orgMemberListSchema }).then((r) => r.items);
export const addOrgMember = (orgId: string, body: { email: string; role: Exclude<OrgRole, 'org_owner'> }) =>
  apiFetch(`/api/orgs/${enc(orgId)}/members`, { method: 'POST', body, schema: orgMemberSchema });
export const updateOrgMember = (orgId: string, userId: string, role: Exclude<OrgRole, 'org_owner'>) =>
  apiFetch(`/api/orgs/${enc(orgId)}/members/${enc(userId)}`, {
    method: 'PATCH',
    body: { role },
    schema: orgMemberSchema,
  });
export const removeOrgMember = (orgId: string, userId: string) =>
  apiFetch(`/api/orgs/${enc(orgId)}/members/${enc(userId)}`, { method: 'DELETE' });

export const listOrgTeams = (orgId: string) =>
  apiFetch(`/api/orgs/${enc(orgId)}/teams`, { schema: teamListSchema }).then((r) => r.items);
export const createTeam = (orgId: string, body: { name: string; slug?: string }) =>
  apiFetch(`/api/orgs/${enc(orgId)}/teams`, { method: 'POST', body, schema: teamSchema });
export const getTeam = (teamId: string) => apiFetch(`/api/teams/${enc(teamId)}`, { schema: teamSchema });
export const deleteTeam = (teamId: string) => apiFetch(`/api/teams/${enc(teamId)}`, { method: 'DELETE' });

export const listTeamMembers = (teamId: string) =>
  apiFetch(`/api/teams/${enc(teamId)}/members`, { schema: teamMemberListSchema }).then((r) => r.items);
export const addTeamMember = (teamId: string, body: { email: string; role: TeamRole }) =>
  apiFetch(`/api/teams/${enc(teamId)}/members`, { method: 'POST', body, schema: teamMemberSchema });
export const updateTeamMember = (teamId: string, userId: string, role: TeamRole) =>
  apiFetch(`/api/teams/${enc(teamId)}/members/${enc(userId)}`, {
    method: 'PATCH',
    body: { role },
    schema: teamMemberSchema,
  });
export const removeTeamMember = (teamId: string, userId: string) =>
  apiFetch(`/api/teams/${enc(teamId)}/members/${enc(userId)}`, { method: 'DELETE' });

/** The session's current team (server-side, so every device and the API agree). */
export const setCurrentTeam = (teamId: string | null) =>
  apiFetch('/api/me/current-team', { method: 'PUT', body: { teamId }, schema: currentTeamSchema });

export const listInvitations = (orgId: string) =>
  apiFetch(`/api/orgs/${enc(orgId)}/invitations`, { schema: invitationListSchema }).then((r) => r.items);
export const createInvitation = (
  orgId: string,
  body: { email: string; teamId?: string; teamRole?: TeamRole },
) => apiFetch(`/api/orgs/${enc(orgId)}/invitations`, { method: 'POST', body, schema: invitationSchema });
export const revokeInvitation = (orgId: string, invitationId: string) =>
  apiFetch(`/api/orgs/${enc(orgId)}/invitations/${enc(invitationId)}`, { method: 'DELETE' });
/** What an invitation link offers; the token is the credential, so this works signed out. */
export const previewInvitation = (token: string) =>
  apiFetch(`/api/invitations/${enc(token)}`, { schema: invitationPreviewSchema });
export const acceptInvitation = (token: string) =>
  apiFetch(`/api/invitations/${enc(token)}/accept`, { method: 'POST', schema: invitationAcceptedSchema });
