import { z } from 'zod';
import { deploymentEventsParamsSchema, problemSchema } from '@k8s-scheduler/contracts';
import type { App } from '../../http/app';
import type { Db } from '../../db/database';
import type { DeploymentEventHub } from './deployments.events';
import { createDeploymentStreams } from './deployments.stream';
import { startSse, type SseOptions } from './sse.stream';

export { MAX_STREAMS_PER_USER } from './deployments.stream';

const eventStreamDescription = [
  'Server-Sent Events. Every (re)connect starts with `snapshot` ({ teamId, items: DeploymentDetail[] });',
  'then `deployment` (a DeploymentDetail, as GET /api/deployments/:id) whenever one changes, and',
  '`deleted` ({ id, teamId }) when one is gone. Comment lines keep the connection alive; the stream',
  'ends after a few minutes and the client reconnects (EventSource does this by itself).',
].join(' ');

export interface DeploymentEventsDeps {
  db: Db;
  hub: DeploymentEventHub;
  sse?: SseOptions;
  /** How often an idle stream re-checks its caller's credential and access (default: the heartbeat, 15 s). */
  recheckMs?: number;
  /** Cap of open streams per user on this process (default MAX_STREAMS_PER_USER). */
  maxStreamsPerUser?: number;
}

/**
 * `GET /api/teams/:teamId/deployments/events`: live status of a team's deployments. A plain route
 * (not `routes()`): its 200 is an event stream, written to the raw reply; the work is in
 * `createDeploymentStreams`.
 */
export function registerDeploymentEvents(app: App, deps: DeploymentEventsDeps) {
  const streams = createDeploymentStreams({
    db: deps.db,
    hub: deps.hub,
    recheckMs: deps.recheckMs ?? deps.sse?.heartbeatMs ?? 15_000,
    ...(deps.maxStreamsPerUser !== undefined ? { maxStreamsPerUser: deps.maxStreamsPerUser } : {}),
  });

  // Open streams would hold the HTTP server's close open: end them first.
  app.addHook('preClose', async () => {
    deps.hub.endStreams();
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
      await streams.open(
        request.ctx,
        { teamId: request.params.teamId },
        {
          start: () => startSse(reply, deps.sse),
          reauthenticate: () => request.server.reauthenticate(request),
        },
      );
      return reply;
    },
  );
}
