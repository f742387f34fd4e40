import { ConflictError, NotFoundError, type Permission, type Subject } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db, Tx } from '../../db/database';
import { findUserByEmail, findUsersByIds } from '../users/users.repo';
import type { Holder, MembershipRow, MembershipScope } from './members.scopes';

/** A member as the API answers it (org and team members have the same shape). */
export interface MemberDto<Role extends string> {
  userId: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  abilities: Permission[];
}

/**
 * Adds a member and records it (`org.member.add` / `team.member.add`) in the caller's transaction.
 * Adding to a team and accepting a team invitation both go through here.
 */
export async function admitMember<Role extends string>(
  scope: MembershipScope<Role>,
  tx: Db | Tx,
  ctx: RequestContext,
  input: {
    holder: Holder;
    user: { id: string; email: string };
    role: Role;
    orgRole?: 'org_admin' | 'org_member';
  },
): Promise<void> {
  const { holder, user, role } = input;
  await scope.grant(tx, holder, user.id, role, input.orgRole);
  await ctx.audit(tx, {
    orgId: holder.orgId,
    action: scope.actions.add,
    targetType: 'user',
    targetId: user.id,
    metadata: scope.metadata(holder, { email: user.email, role }),
  });
}

/**
 * Members of an org or of a team, written once over the scope: list, add an existing user by
 * email, change a role, remove. Invitations cover people who have not signed in yet.
 */
export function createMembershipService<Role extends string>(deps: { db: Db }, scope: MembershipScope<Role>) {
  const { db } = deps;

  /** The holder of the request's client, guarded by its policy (404 when invisible, 403 without `permission`). */
  async function load(ctx: RequestContext, holderId: string, permission?: Permission) {
    const { resource, subject } = await ctx.enforce(
      scope.policy,
      await scope.load(db, ctx.clientId, holderId),
      permission,
    );
    return { holder: resource, subject };
  }

  async function present(
    holder: Holder,
    subject: Subject,
    rows: MembershipRow<Role>[],
  ): Promise<MemberDto<Role>[]> {
    const byUser = new Map(rows.map((m) => [m.userId, m]));
    // Users come ordered by email: the list is too.
    return (await findUsersByIds(db, [...byUser.keys()])).map((user) => {
      const m = byUser.get(user.id)!;
      return {
        userId: m.userId,
        email: user.email,
        name: user.name,
        role: m.role,
        createdAt: m.createdAt.toISOString(),
        abilities: scope.abilities(subject, holder, m.role),
      };
    });
  }

  async function presentOne(holder: Holder, subject: Subject, userId: string): Promise<MemberDto<Role>> {
    const [member] = await present(holder, subject, await scope.members(db, holder.id, userId));
    if (!member) throw new NotFoundError('member', `This user is not a member of the ${scope.noun}.`);
    return member;
  }

  async function target(holder: Holder, userId: string): Promise<MembershipRow<Role>> {
    const [m] = await scope.members(db, holder.id, userId);
    if (!m) throw new NotFoundError('member', `This user is not a member of the ${scope.noun}.`);
    return m;
  }

  /** A change of the caller's own membership changes their roles: the cached subject goes. */
  function forgetIfSelf(ctx: RequestContext, subject: Subject, userId: string) {
    if (userId === subject.userId) ctx.forgetSubject();
  }

  return {
    async list(ctx: RequestContext, holderId: string): Promise<MemberDto<Role>[]> {
      const { holder, subject } = await load(ctx, holderId, scope.read);
      return present(holder, subject, await scope.members(db, holder.id));
    },

    /** Adds an existing user of the holder's client (by email); respects the tier's member limit. */
    async add(
      ctx: RequestContext,
      input: { holderId: string; email: string; role: Role },
    ): Promise<MemberDto<Role>> {
      const { holder, subject } = await load(ctx, input.holderId);
      scope.guardChange(subject, holder, { targetRole: null, newRole: input.role });
      const user = await findUserByEmail(db, holder.clientId, input.email);
      if (!user)
        throw new NotFoundError(
          'user',
          `No user with the email ${input.email} has signed in yet; send an invitation instead.`,
        );
      await db.transaction(async (tx) => {
        if ((await scope.members(tx, holder.id, user.id)).length > 0)
          throw new ConflictError(`${input.email} is already a member of this ${scope.noun}.`);
        await admitMember(scope, tx, ctx, { holder, user, role: input.role });
      });
      forgetIfSelf(ctx, subject, user.id);
      return presentOne(holder, subject, user.id);
    },

    async update(
      ctx: RequestContext,
      input: { holderId: string; userId: string; role: Role },
    ): Promise<MemberDto<Role>> {
      const { holder, subject } = await load(ctx, input.holderId, scope.manage);
      const m = await target(holder, input.userId);
      scope.guardChange(subject, holder, { targetRole: m.role, newRole: input.role });
      await db.transaction(async (tx) => {
        await scope.setRole(tx, holder, input.userId, input.role);
        await ctx.audit(tx, {
          orgId: holder.orgId,
          action: scope.actions.update,
          targetType: 'user',
          targetId: input.userId,
          metadata: scope.metadata(holder, { from: m.role, to: input.role }),
        });
      });
      forgetIfSelf(ctx, subject, input.userId);
      return presentOne(holder, subject, input.userId);
    },

    async remove(ctx: RequestContext, input: { holderId: string; userId: string }): Promise<void> {
      const { holder, subject } = await load(ctx, input.holderId, scope.manage);
      const m = await target(holder, input.userId);
      scope.guardChange(subject, holder, { targetRole: m.role, newRole: null });
      await db.transaction(async (tx) => {
        await scope.revoke(tx, holder, input.userId);
        await ctx.audit(tx, {
          orgId: holder.orgId,
          action: scope.actions.remove,
          targetType: 'user',
          targetId: input.userId,
          metadata: scope.metadata(holder, { role: m.role }),
        });
      });
      forgetIfSelf(ctx, subject, input.userId);
    },
  };
}

export type MembershipService<Role extends string> = ReturnType<typeof createMembershipService<Role>>;
