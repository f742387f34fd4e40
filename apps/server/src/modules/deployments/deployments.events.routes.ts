import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  deploymentEventNames,
  deploymentEventsParamsSchema,
  problemSchema,
  type DeploymentDeletedEvent,
  type DeploymentSnapshotEvent,
} from '@k8s-scheduler/contracts';
import { DomainError, type AuthzScope, type Subject } from '@k8s-scheduler/domain';
import type { App } from '../../http/app';
import type { Db } from '../../db/database';
import { forgetSubjectMemo, guard } from '../access/access';
import { detail } from './deployments.present';
import type { DeploymentChange, DeploymentEventHub, TeamStream } from './deployments.events';
import { startSse, type SseOptions, type SseStream } from './sse.stream';
import { resolveTeam } from './team.scope';

const eventStreamDescription = [
  'Server-Sent Events. Every (re)connect starts with `snapshot` ({ teamId, items: DeploymentDetail[] });',
  'then `deployment` (a DeploymentDetail, as GET /api/deployments/:id) whenever one changes, and',
  '`deleted` ({ id, teamId }) when one is gone. Comment lines keep the connection alive; the stream',
  'ends after a few minutes and the client reconnects (EventSource does this by itself).',
].join(' ');

type TeamScopeIds = AuthzScope & { clientId: string | null; orgId: string; teamId: string };

/** Open event streams one user may hold on one server process (tabs, teams); more answer 429. */
export const MAX_STREAMS_PER_USER = 10;

export interface DeploymentEventsDeps {
  db: Db;
  hub: DeploymentEventHub;
  sse?: SseOptions;
  /** How often an idle stream re-checks its caller's credential and access (default: the heartbeat, 15 s). */
  recheckMs?: number;
  /** Cap of open streams per user on this process (default MAX_STREAMS_PER_USER). */
  maxStreamsPerUser?: number;
}

/** `GET /api/teams/:teamId/deployments/events`: live status of a team's deployments. */
export function registerDeploymentEvents(app: App, deps: DeploymentEventsDeps) {
  const { db, hub } = deps;
  const maxPerUser = deps.maxStreamsPerUser ?? MAX_STREAMS_PER_USER;
  /** Open streams per user id on this process. */
  const openByUser = new Map<string, number>();

  // Open streams would hold the HTTP server's close open: end them first.
  app.addHook('preClose', async () => {
    hub.endStreams();
  });

  app.get(
    '/api/teams/:teamId/deployments/events',
    {
      schema: {
        tags: ['deployments'],
        summary: 'Live status of the team’s deployments (Server-Sent Events: snapshot, deployment, deleted)',
        params: deploymentEventsParamsSchema,
        response: {
          200: {
            description: eventStreamDescription,
            content: { 'text/event-stream': { schema: z.string().describe(eventStreamDescription) } },
          },
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      // Every check happens before the stream starts, so refusals are ordinary problem responses.
      const team = await resolveTeam(db, request, request.params.teamId);
      const scope: TeamScopeIds = { clientId: team.org.clientId, orgId: team.org.id, teamId: team.teamId };
      const subject = await guard(db, request, 'deploy:read', scope);
      const userId = subject.userId;
      const held = openByUser.get(userId) ?? 0;
      if (held >= maxPerUser) {
        throw new DomainError(
          'rate_limited',
          `At most ${maxPerUser} live event streams may be open at once; close one first.`,
          {
            limit: maxPerUser,
          },
        );
      }
      openByUser.set(userId, held + 1);
      const sse = startSse(reply, deps.sse);
      const stream = teamStream(db, request, sse, scope);
      const unsubscribe = hub.subscribe(stream);
      // Between changes the caller is re-checked on a timer, so an idle stream ends after sign-out too.
      const recheck = setInterval(
        () => {
          void stream.recheck().catch((err: unknown) => {
            request.log.error({ err }, 'deployment events: re-checking the caller failed; ending the stream');
            sse.end();
          });
        },
        deps.recheckMs ?? deps.sse?.heartbeatMs ?? 15_000,
      );
      recheck.unref();
      void sse.done.then(() => {
        clearInterval(recheck);
        unsubscribe();
        const left = (openByUser.get(userId) ?? 1) - 1;
        if (left > 0) openByUser.set(userId, left);
        else openByUser.delete(userId);
      });
      return reply;
    },
  );
}

/**
 * The stream of one caller: each delivery (and the idle timer) re-checks the caller as a new request
 * would — the session or API key still valid (sign-out, expiry, revocation end the stream), the
 * user's flags and roles current, read through the shared authorization cache that the database's
 * notifications keep correct — and presents the DTO with their abilities.
 */
function teamStream(
  db: Db,
  request: FastifyRequest,
  sse: SseStream,
  scope: TeamScopeIds,
): TeamStream & { recheck(): Promise<void> } {
  async function currentSubject(): Promise<Subject | null> {
    if (sse.ended) return null;
    forgetSubjectMemo(request);
    const auth = await request.server.reauthenticate(request);
    if (!auth) {
      request.log.info('deployment events: the caller’s session or API key is gone; ending the stream');
      return null;
    }
    try {
      return await guard(db, request, 'deploy:read', scope);
    } catch (err) {
      // No longer allowed (removed from the team, role changed): the stream ends; anything else is a fault.
      if (err instanceof DomainError) {
        request.log.info({ code: err.code }, 'deployment events: caller lost access; ending the stream');
        return null;
      }
      throw err;
    }
  }

  return {
    teamId: scope.teamId,
    orgId: scope.orgId,
    async snapshot(rows) {
      const subject = await currentSubject();
      if (!subject) return sse.end();
      const event: DeploymentSnapshotEvent = {
        teamId: scope.teamId,
        items: rows.map((r) => detail(subject, r, scope.clientId)),
      };
      sse.send(deploymentEventNames.snapshot, event);
    },
    async changes(changes: DeploymentChange[]) {
      if (sse.ended) return;
      const subject = await currentSubject();
      if (!subject) return sse.end();
      for (const { id, row } of changes) {
        if (!row || row.deletedAt) {
          const gone: DeploymentDeletedEvent = { id, teamId: scope.teamId };
          sse.send(deploymentEventNames.deleted, gone);
        } else {
          sse.send(deploymentEventNames.deployment, detail(subject, row, scope.clientId));
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
