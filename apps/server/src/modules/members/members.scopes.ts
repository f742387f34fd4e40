import {
  authorize,
  authorizeOrgMemberChange,
  orgMemberAbilities,
  orgPolicy,
  teamMemberAbilities,
  teamPolicy,
  type OrgRole,
  type Permission,
  type Policy,
  type Subject,
  type TeamRole,
} from '@k8s-scheduler/domain';
import type { Db, Tx } from '../../db/database';
import {
  deleteOrgMember,
  findOrg,
  insertOrgMember,
  listOrgMembers,
  setOrgMemberRole,
} from '../orgs/orgs.repo';
import {
  deleteOrgTeamMemberships,
  deleteTeamMember,
  listTeamMembers,
  setTeamMemberRole,
  upsertTeamMember,
} from '../teams/teams.repo';
import { findClientTeam } from '../teams/teams.scope';
import { ensureMemberCapacity } from './members.limit';

type Q = Db | Tx;

/** What holds members: an org (its `orgId` is its own id) or a team, with its org's client. */
export interface Holder {
  id: string;
  orgId: string;
  clientId: string | null;
}

export interface MembershipRow<Role extends string> {
  userId: string;
  role: Role;
  createdAt: Date;
}

/**
 * Everything that differs between org and team membership: where members are kept, which policy
 * guards the holder, which permissions read and manage, and the audit actions. The membership
 * service is written once over this.
 */
export interface MembershipScope<Role extends string> {
  /** The holder in messages: "a member of this organization" / "of this team". */
  noun: 'organization' | 'team';
  policy: Policy<Holder>;
  /** The holder of this client, or undefined (another client's: not found). */
  load(db: Db, clientId: string | null, id: string): Promise<Holder | undefined>;
  read: Permission;
  manage: Permission;
  actions: { add: string; update: string; remove: string };
  /** Guards adding (`targetRole` null), changing or removing (`newRole` null) one membership. */
  guardChange(
    subject: Subject,
    holder: Holder,
    change: { targetRole: Role | null; newRole: Role | null },
  ): void;
  /** The abilities on a member row. */
  abilities(subject: Subject, holder: Holder, role: Role): Permission[];
  /** Audit metadata of a membership change, from the fields every change names. */
  metadata(holder: Holder, fields: Record<string, unknown>): Record<string, unknown>;
  members(db: Q, holderId: string, userId?: string): Promise<MembershipRow<Role>[]>;
  /**
   * Makes the user a member within the transaction, respecting the tier's member limit. A team
   * member also becomes a member of the org (`orgRole`, unless already one) so they count once.
   */
  grant(
    tx: Q,
    holder: Holder,
    userId: string,
    role: Role,
    orgRole?: 'org_admin' | 'org_member',
  ): Promise<void>;
  setRole(tx: Q, holder: Holder, userId: string, role: Role): Promise<void>;
  revoke(tx: Q, holder: Holder, userId: string): Promise<void>;
}

export const orgMembership: MembershipScope<OrgRole> = {
  noun: 'organization',
  policy: orgPolicy,
  async load(db, clientId, id) {
    const org = await findOrg(db, clientId, id);
    return org && { id: org.id, orgId: org.id, clientId: org.clientId };
  },
  read: 'org:read',
  manage: 'org:members:manage',
  actions: { add: 'org.member.add', update: 'org.member.update', remove: 'org.member.remove' },
  // Nobody becomes or stops being the owner this way (ownership moves only by transfer).
  guardChange: (subject, org, change) => authorizeOrgMemberChange(subject, org.id, change),
  abilities: orgMemberAbilities,
  metadata: (_org, fields) => fields,
  members: listOrgMembers,
  async grant(tx, org, userId, role) {
    await ensureMemberCapacity(tx, org.id, userId);
    await insertOrgMember(tx, org.id, userId, role);
  },
  setRole: (tx, org, userId, role) => setOrgMemberRole(tx, org.id, userId, role),
  // Leaving the org means leaving its teams; the owner's membership is never removed.
  async revoke(tx, org, userId) {
    await deleteOrgTeamMemberships(tx, org.id, userId);
    await deleteOrgMember(tx, org.id, userId);
  },
};

export const teamMembership: MembershipScope<TeamRole> = {
  noun: 'team',
  policy: teamPolicy,
  async load(db, clientId, id) {
    const found = await findClientTeam(db, clientId, id);
    return found && { id: found.team.id, orgId: found.org.id, clientId: found.org.clientId };
  },
  read: 'team:read',
  manage: 'team:members:manage',
  actions: { add: 'team.member.add', update: 'team.member.update', remove: 'team.member.remove' },
  guardChange: (subject, team) => authorize(subject, 'team:members:manage', teamPolicy.scope(team)),
  abilities: (subject, team) => teamMemberAbilities(subject, team),
  metadata: (team, { email: _email, ...fields }) => ({ teamId: team.id, ...fields }),
  members: listTeamMembers,
  async grant(tx, team, userId, role, orgRole = 'org_member') {
    await ensureMemberCapacity(tx, team.orgId, userId);
    await insertOrgMember(tx, team.orgId, userId, orgRole);
    await upsertTeamMember(tx, team.id, userId, role);
  },
  setRole: (tx, team, userId, role) => setTeamMemberRole(tx, team.id, userId, role),
  // The org membership stays; it is removed from the org's members.
  revoke: (tx, team, userId) => deleteTeamMember(tx, team.id, userId),
};
