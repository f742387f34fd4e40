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
import { forgetSubject, guard } from '../access/access';
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

/** `GET /api/teams/:teamId/deployments/events`: live status of a team's deployments. */
export function registerDeploymentEvents(app: App, deps: { db: Db; hub: DeploymentEventHub; sse?: SseOptions }) {
  const { db, hub } = deps;

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
        },
      },
    },
    async (request, reply) => {
      // Every check happens before the stream starts, so refusals are ordinary problem responses.
      const team = await resolveTeam(db, request, request.params.teamId);
      const scope: TeamScopeIds = { clientId: team.org.clientId, orgId: team.org.id, teamId: team.teamId };
      await guard(db, request, 'deploy:read', scope);
      const sse = startSse(reply, deps.sse);
      const stream = teamStream(db, request, sse, scope);
      const unsubscribe = hub.subscribe(stream);
      void sse.done.then(unsubscribe);
      return reply;
    },
  );
}

/**
 * The stream of one caller: each delivery re-checks that the caller may still read the team's
 * deployments (roles can change while the stream is open) and presents the DTO with their abilities.
 */
function teamStream(db: Db, request: FastifyRequest, sse: SseStream, scope: TeamScopeIds): TeamStream {
  async function currentSubject(): Promise<Subject | null> {
    forgetSubject(request);
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
    end: () => sse.end(),
  };
}
