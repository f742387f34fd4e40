import type { Logger } from 'pino';
import type { Db } from '../../db/database';
import type { PgListener } from '../../db/notify';
import { findTeamDeploymentRows, listTeamDeployments, type DeploymentRow } from './deployments.repo';

/** The channel the `deployments` trigger (migration 0002_deployment_notify) announces changes on. */
export const DEPLOYMENT_CHANNEL = 'deployment_changed';

/** A changed deployment as it is now: `row` null or with `deletedAt` set means it is gone. */
export interface DeploymentChange {
  id: string;
  row: DeploymentRow | null;
}

/** One open event stream of a team (an SSE response); it authorizes and presents what it is sent. */
export interface TeamStream {
  teamId: string;
  orgId: string;
  /** The team's live deployments as they are now (on subscribe, and after missed notifications). */
  snapshot(rows: DeploymentRow[]): Promise<void>;
  /** Deployments of the team that changed since the last delivery. */
  changes(changes: DeploymentChange[]): Promise<void>;
  /** Ends the stream (shutdown, or a delivery that could not be made: the client reconnects). */
  end(): void;
}

export interface DeploymentEventHub {
  /** Starts listening for change notifications. */
  start(): Promise<void>;
  /** Adds a stream; its snapshot is sent first. Returns the unsubscribe. */
  subscribe(stream: TeamStream): () => void;
  /** Open streams (of one team, or all). */
  subscriberCount(teamId?: string): number;
  /** Ends every open stream (before the HTTP server closes, so it does not wait for them). */
  endStreams(): void;
  close(): Promise<void>;
}

interface TeamState {
  streams: Set<TeamStream>;
  pending: Set<string>;
  timer: NodeJS.Timeout | null;
  /** Deliveries of a team run one after the other, so a stream never sees an older state after a newer one. */
  chain: Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a notification payload `{ id, teamId }`; anything else is ignored. */
export function parseChange(payload: string): { id: string; teamId: string } | null {
  try {
    const value = JSON.parse(payload) as { id?: unknown; teamId?: unknown };
    if (
      typeof value.id === 'string' &&
      typeof value.teamId === 'string' &&
      UUID.test(value.id) &&
      UUID.test(value.teamId)
    )
      return { id: value.id, teamId: value.teamId };
  } catch {
    // A payload that is not JSON is not ours.
  }
  return null;
}

/**
 * Fans database change notifications out to the open streams of each team. Works across server
 * replicas: every replica listens on the same channel and serves its own streams. Bursts are
 * coalesced per team (`coalesceMs`): a deployment changing ten times in that window is sent once,
 * as it is at the end of the window, read once for all streams of the team.
 */
export function createDeploymentEventHub(deps: {
  db: Db;
  listener: PgListener;
  logger: Logger;
  coalesceMs?: number;
}): DeploymentEventHub {
  const { db, logger } = deps;
  const coalesceMs = deps.coalesceMs ?? 250;
  const teams = new Map<string, TeamState>();
  let unlisten: (() => Promise<void>) | null = null;
  let closed = false;

  function stateOf(teamId: string): TeamState {
    let state = teams.get(teamId);
    if (!state)
      teams.set(
        teamId,
        (state = { streams: new Set(), pending: new Set(), timer: null, chain: Promise.resolve() }),
      );
    return state;
  }

  function enqueue(state: TeamState, task: () => Promise<void>) {
    state.chain = state.chain.then(task);
  }

  async function sendSnapshot(stream: TeamStream) {
    try {
      await stream.snapshot(await listTeamDeployments(db, stream.orgId, stream.teamId));
    } catch (err) {
      logger.error(
        { err, teamId: stream.teamId },
        'deployment snapshot failed; ending the stream so the client reconnects',
      );
      stream.end();
    }
  }

  function flush(teamId: string, state: TeamState) {
    state.timer = null;
    const ids = [...state.pending];
    state.pending.clear();
    enqueue(state, async () => {
      if (!state.streams.size) return;
      let rows: DeploymentRow[];
      try {
        rows = await findTeamDeploymentRows(db, teamId, ids);
      } catch (err) {
        // The change cannot be delivered: end the streams, their clients reconnect to a fresh snapshot.
        logger.error({ err, teamId }, 'loading changed deployments failed; ending the team streams');
        for (const s of state.streams) s.end();
        return;
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      const changes = ids.map((id) => ({ id, row: byId.get(id) ?? null }));
      for (const stream of [...state.streams]) {
        try {
          await stream.changes(changes);
        } catch (err) {
          logger.error({ err, teamId }, 'delivering deployment changes failed; ending the stream');
          stream.end();
        }
      }
    });
  }

  function onNotify(payload: string) {
    const change = parseChange(payload);
    if (!change) return;
    // Only teams with an open stream on this replica care; the others are not even read.
    const state = teams.get(change.teamId);
    if (!state) return;
    state.pending.add(change.id);
    state.timer ??= setTimeout(() => flush(change.teamId, state), coalesceMs);
  }

  /** Notifications may have been lost while the listener was away: every stream gets a fresh snapshot. */
  function onResync() {
    for (const state of teams.values()) {
      for (const stream of state.streams) enqueue(state, () => sendSnapshot(stream));
    }
  }

  return {
    async start() {
      unlisten = await deps.listener.listen(DEPLOYMENT_CHANNEL, { onNotify, onResync });
    },

    subscribe(stream) {
      if (closed) {
        stream.end();
        return () => undefined;
      }
      const state = stateOf(stream.teamId);
      state.streams.add(stream);
      // Queued behind earlier deliveries; changes notified from now on are delivered after it.
      enqueue(state, () => (state.streams.has(stream) ? sendSnapshot(stream) : Promise.resolve()));
      return () => {
        state.streams.delete(stream);
        if (state.streams.size === 0 && teams.get(stream.teamId) === state) {
          if (state.timer) clearTimeout(state.timer);
          teams.delete(stream.teamId);
        }
      };
    },

    subscriberCount(teamId) {
      if (teamId) return teams.get(teamId)?.streams.size ?? 0;
      let n = 0;
      for (const s of teams.values()) n += s.streams.size;
      return n;
    },

    endStreams() {
      for (const state of teams.values()) for (const s of [...state.streams]) s.end();
    },

    async close() {
      closed = true;
      for (const state of teams.values()) {
        if (state.timer) clearTimeout(state.timer);
        for (const s of [...state.streams]) s.end();
      }
      await Promise.all([...teams.values()].map((s) => s.chain));
      teams.clear();
      await unlisten?.();
    },
  };
}
