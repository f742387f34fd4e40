import { useQuery } from '@tanstack/react-query';
import { useInvalidatingMutation } from '../../lib/useInvalidatingMutation';
import type { OrgRole, TeamRole } from '@k8s-scheduler/contracts';
import { sessionKeys } from '../session/session.keys';
import {
  deleteOrg,
  getOrg,
  removeOrgMember,
  renameOrg,
  updateOrgMember,
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
  addTeamMember,
  createOrg,
  createTeam,
  deleteTeam,
  getTeam,
  listOrgMembers,
  listOrgTeams,
  listOrgs,
  listTeamMembers,
  removeTeamMember,
  updateTeamMember,
} from './teams.api';
import { teamsKeys } from './teams.keys';

export const useOrgs = () => useQuery({ queryKey: teamsKeys.orgs(), queryFn: listOrgs });
export const useOrgTeams = (orgId: string) =>
  useQuery({ queryKey: teamsKeys.orgTeams(orgId), queryFn: () => listOrgTeams(orgId) });
export const useOrgMembers = (orgId: string, enabled = true) =>
  useQuery({ queryKey: teamsKeys.orgMembers(orgId), queryFn: () => listOrgMembers(orgId), enabled });
export const useTeam = (teamId: string) =>
  useQuery({ queryKey: teamsKeys.team(teamId), queryFn: () => getTeam(teamId) });
export const useTeamMembers = (teamId: string) =>
  useQuery({ queryKey: teamsKeys.teamMembers(teamId), queryFn: () => listTeamMembers(teamId) });

/** Orgs and teams also appear in /api/me (switcher, roles): refresh both after a change. */
const tenancy = [teamsKeys.all, sessionKeys.me()];

export const useCreateOrg = () => useInvalidatingMutation(createOrg, tenancy);
export const useCreateTeam = (orgId: string) =>
  useInvalidatingMutation((body: { name: string }) => createTeam(orgId, body), tenancy);
export const useDeleteTeam = () => useInvalidatingMutation(deleteTeam, tenancy);

export const useAddTeamMember = (teamId: string) =>
  useInvalidatingMutation(
    (body: { email: string; role: TeamRole }) => addTeamMember(teamId, body),
    [teamsKeys.teamMembers(teamId)],
  );
export const useUpdateTeamMember = (teamId: string) =>
  useInvalidatingMutation(
    ({ userId, role }: { userId: string; role: TeamRole }) => updateTeamMember(teamId, userId, role),
    [teamsKeys.teamMembers(teamId)],
  );
export const useRemoveTeamMember = (teamId: string) =>
  useInvalidatingMutation((userId: string) => removeTeamMember(teamId, userId), tenancy);

export const useInvitations = (orgId: string, enabled = true) =>
  useQuery({ queryKey: teamsKeys.invitations(orgId), queryFn: () => listInvitations(orgId), enabled });

export const useInvitationPreview = (token: string) =>
  useQuery({ queryKey: teamsKeys.invitationPreview(token), queryFn: () => previewInvitation(token) });

export const useCreateInvitation = (orgId: string) =>
  useInvalidatingMutation(
    (body: { email: string; teamId?: string; teamRole?: TeamRole }) => createInvitation(orgId, body),
    [teamsKeys.invitations(orgId)],
  );
export const useRevokeInvitation = (orgId: string) =>
  useInvalidatingMutation(
    (invitationId: string) => revokeInvitation(orgId, invitationId),
    [teamsKeys.invitations(orgId)],
  );
export const useAcceptInvitation = (token: string) =>
  useInvalidatingMutation(() => acceptInvitation(token), tenancy);

export const useOrg = (orgId: string) =>
  useQuery({ queryKey: teamsKeys.org(orgId), queryFn: () => getOrg(orgId) });

export function useOrgActions(orgId: string) {
  return {
    rename: useInvalidatingMutation((name: string) => renameOrg(orgId, name), tenancy),
    remove: useInvalidatingMutation(() => deleteOrg(orgId), tenancy),
    setRole: useInvalidatingMutation(
      ({ userId, role }: { userId: string; role: Exclude<OrgRole, 'org_owner'> }) =>
        updateOrgMember(orgId, userId, role),
      tenancy,
    ),
    removeMember: useInvalidatingMutation((userId: string) => removeOrgMember(orgId, userId), tenancy),
  };
}
