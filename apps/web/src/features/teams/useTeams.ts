import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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
function useTenancyInvalidation() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: teamsKeys.all }),
      queryClient.invalidateQueries({ queryKey: sessionKeys.me() }),
    ]);
}

export function useCreateOrg() {
  const invalidate = useTenancyInvalidation();
  return useMutation({ mutationFn: createOrg, onSuccess: invalidate });
}

export function useCreateTeam(orgId: string) {
  const invalidate = useTenancyInvalidation();
  return useMutation({
    mutationFn: (body: { name: string }) => createTeam(orgId, body),
    onSuccess: invalidate,
  });
}

export function useDeleteTeam() {
  const invalidate = useTenancyInvalidation();
  return useMutation({ mutationFn: deleteTeam, onSuccess: invalidate });
}

export function useAddTeamMember(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; role: TeamRole }) => addTeamMember(teamId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKeys.teamMembers(teamId) }),
  });
}

export function useUpdateTeamMember(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: TeamRole }) =>
      updateTeamMember(teamId, userId, role),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKeys.teamMembers(teamId) }),
  });
}

export function useRemoveTeamMember(teamId: string) {
  const invalidate = useTenancyInvalidation();
  return useMutation({
    mutationFn: (userId: string) => removeTeamMember(teamId, userId),
    onSuccess: invalidate,
  });
}

export const useInvitations = (orgId: string, enabled = true) =>
  useQuery({ queryKey: teamsKeys.invitations(orgId), queryFn: () => listInvitations(orgId), enabled });

export const useInvitationPreview = (token: string) =>
  useQuery({ queryKey: teamsKeys.invitationPreview(token), queryFn: () => previewInvitation(token) });

export function useCreateInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; teamId?: string; teamRole?: TeamRole }) =>
      createInvitation(orgId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKeys.invitations(orgId) }),
  });
}

export function useRevokeInvitation(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => revokeInvitation(orgId, invitationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKeys.invitations(orgId) }),
  });
}

export function useAcceptInvitation(token: string) {
  const invalidate = useTenancyInvalidation();
  return useMutation({ mutationFn: () => acceptInvitation(token), onSuccess: invalidate });
}

export const useOrg = (orgId: string) =>
  useQuery({ queryKey: teamsKeys.org(orgId), queryFn: () => getOrg(orgId) });

export function useOrgActions(orgId: string) {
  const invalidate = useTenancyInvalidation();
  return {
    rename: useMutation({ mutationFn: (name: string) => renameOrg(orgId, name), onSuccess: invalidate }),
    remove: useMutation({ mutationFn: () => deleteOrg(orgId), onSuccess: invalidate }),
    setRole: useMutation({
      mutationFn: ({ userId, role }: { userId: string; role: Exclude<OrgRole, 'org_owner'> }) =>
        updateOrgMember(orgId, userId, role),
      onSuccess: invalidate,
    }),
    removeMember: useMutation({
      mutationFn: (userId: string) => removeOrgMember(orgId, userId),
      onSuccess: invalidate,
    }),
  };
}
