import type { DeploymentDeletedEvent, DeploymentSnapshotEvent } from '@k8s-scheduler/contracts';
import { deploymentEventNames } from '@k8s-scheduler/contracts';
import { DomainError, workspacePolicy, type Subject, type TeamFacts } from '@k8s-scheduler/domain';
import type { RequestContext } from '../../context/context';
import type { Db } from '../../db/database';
import type { AuthContext } from '../auth/auth.types';
import { detail } from './deployments.present';
import type { DeploymentChange, DeploymentEventHub, TeamStream } from './deployments.events';
import type { SseStream } from './sse.stream';
import { resolveTeam } from './team.scope';

/** Open event streams one user may hold on one server process (tabs, teams); more answer 429. */
export const MAX_STREAMS_PER_USER = 10;

export interface DeploymentStreamsDeps {
  db: Db;
  hub: DeploymentEventHub;
  /** How often an idle stream re-checks its caller's credential and access. */
  recheckMs: number;
  /** Cap of open streams per user on this process (default MAX_STREAMS_PER_USER). */
  maxStreamsPerUser?: number;
}

/** What a stream needs of its transport: start the response, and resolve the credential again. */
export interface StreamIo {
  /** Starts the event stream (only once every check has passed). */
  start(): SseStream;
  /** The request's credential resolved again, as a new request would; null once it is gone. */
  reauthenticate(): Promise<AuthContext | null>;
}

/** Live status of a team's deployments for the callers allowed to read them. */
export function createDeploymentStreams(deps: DeploymentStreamsDeps) {
  const { db, hub } = deps;
  const maxPerUser = deps.maxStreamsPerUser ?? MAX_STREAMS_PER_USER;
  /** Open streams per user id on this process. */
  const openByUser = new Map<string, number>();

  return {
    /**
     * Opens the stream of one team: every check happens before it starts, so refusals are ordinary
     * problem answers (404 unknown team, 403 without `deploy:read`, 429 too many streams).
     */
    async open(ctx: RequestContext, input: { teamId: string }, io: StreamIo): Promise<void> {
      const team = await resolveTeam(db, ctx, input.teamId, 'deploy:read');
      const userId = team.subject.userId;
      const held = openByUser.get(userId) ?? 0;
      if (held >= maxPerUser) {
        throw new DomainError(
          'rate_limited',
          `At most ${maxPerUser} live event streams may be open at once; close one first.`,
          { limit: maxPerUser },
        );
      }
      openByUser.set(userId, held + 1);
      const sse = io.start();
      const facts = { id: team.teamId, orgId: team.org.id, clientId: team.org.clientId };
      const stream = teamStream(ctx, io, sse, facts);
      const unsubscribe = hub.subscribe(stream);
      // Between changes the caller is re-checked on a timer, so an idle stream ends after sign-out too.
      const recheck = setInterval(() => {
        void stream.recheck().catch((err: unknown) => {
          ctx.logger.error({ err }, 'deployment events: re-checking the caller failed; ending the stream');
          sse.end();
        });
      }, deps.recheckMs);
      recheck.unref();
      void sse.done.then(() => {
        clearInterval(recheck);
        unsubscribe();
        const left = (openByUser.get(userId) ?? 1) - 1;
        if (left > 0) openByUser.set(userId, left);
        else openByUser.delete(userId);
      });
    },
  };
}

export type DeploymentStreams = ReturnType<typeof createDeploymentStreams>;

/**
 * The stream of one caller: each delivery (and the idle timer) re-checks the caller as a new request
 * would — the session or API key still valid (sign-out, expiry, revocation end the stream), the
 * user's flags and roles current, read through the shared authorization cache that the database's
 * notifications keep correct — and presents the DTO with their abilities.
 */
function teamStream(
  ctx: RequestContext,
  io: StreamIo,
  sse: SseStream,
  team: TeamFacts,
): TeamStream & { recheck(): Promise<void> } {
  async function currentSubject(): Promise<Subject | null> {
    if (sse.ended) return null;
    ctx.refreshSubject();
    if (!(await io.reauthenticate())) {
      ctx.logger.info('deployment events: the caller’s session or API key is gone; ending the stream');
      return null;
    }
    try {
      return (await ctx.enforce(workspacePolicy, team, 'deploy:read')).subject;
    } catch (err) {
      // No longer allowed (removed from the team, role changed): the stream ends; anything else is a fault.
      if (err instanceof DomainError) {
        ctx.logger.info({ code: err.code }, 'deployment events: caller lost access; ending the stream');
        return null;
      }
      throw err;
    }
  }

  return {
    teamId: team.id,
    orgId: team.orgId,
    async snapshot(rows) {
      const subject = await currentSubject();
      if (!subject) return sse.end();
      const event: DeploymentSnapshotEvent = {
        teamId: team.id,
        items: rows.map((r) => detail(subject, r, team.clientId)),
      };
      sse.send(deploymentEventNames.snapshot, event);
    },
    async changes(changes: DeploymentChange[]) {
      if (sse.ended) return;
      const subject = await currentSubject();
      if (!subject) return sse.end();
      for (const { id, row } of changes) {
        if (!row || row.deletedAt) {
          const gone: DeploymentDeletedEvent = { id, teamId: team.id };
          sse.send(deploymentEventNames.deleted, gone);
        } else {
          sse.send(deploymentEventNames.deployment, detail(subject, row, team.clientId));
        }
      }
    },
    async recheck() {
      if (sse.ended) return;
      if (!(await currentSubject())) sse.end();
    },
    end: () => sse.end(),
  };
}
