import { type KubeClient, type KubeObject, isStatus, Kinds } from '@k8s-scheduler/kube';

export type LeaderElectorOptions = {
  readonly client: Pick<KubeClient, 'get' | 'create' | 'replace'>;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  /** The leader gives up if it could not renew for this long (must be < leaseDurationMs). */
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly onStartedLeading: () => void;
  readonly onStoppedLeading: () => void;
  readonly onError?: (error: unknown) => void;
};

export type LeaderElector = {
  start(): void;
  /** Stops campaigning; a leader releases the Lease so another replica can take over at once. */
  stop(): Promise<void>;
  isLeader(): boolean;
};

type LeaseSpec = {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
};

type Lease = KubeObject & { spec?: LeaseSpec };

/** Kubernetes MicroTime (RFC 3339 with six fractional digits). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * Lease-based leader election (coordination.k8s.io/v1), like client-go's: a candidate takes the
 * Lease when it is free or its holder stopped renewing for `leaseDuration`; the leader renews every
 * `retryPeriod` and steps down if it cannot renew within `renewDeadline`. Expiry is judged by the
 * local clock from when this process last saw the Lease change, never by comparing clocks across
 * machines. Updates carry the read resourceVersion, so two candidates can never both win.
 */
export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const leaseDurationMs = options.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = options.retryPeriodMs ?? 2_000;
  const { client, namespace, name, identity } = options;

  let leader = false;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let lastRenewOk = 0;
  // What we last observed of another holder's record and when (local clock).
  let observed: { holder: string; renewTime: string; at: number } | undefined;

  const leaseObject = (spec: LeaseSpec, base?: Lease): Lease => ({
    apiVersion: Kinds.lease.apiVersion,
    kind: Kinds.lease.kind,
    metadata: base
      ? { name, namespace, resourceVersion: base.metadata.resourceVersion }
      : { name, namespace },
    spec,
  });

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = Date.now();
    const current = (await client.get(Kinds.lease, name, namespace)) as Lease | null;
    const spec: LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(leaseDurationMs / 1000),
      renewTime: microTime(now),
    };
    if (!current) {
      await client.create(leaseObject({ ...spec, acquireTime: microTime(now), leaseTransitions: 0 }));
      return true;
    }
    const holder = current.spec?.holderIdentity ?? '';
    const renewTime = current.spec?.renewTime ?? '';
    if (holder && holder !== identity) {
      if (!observed || observed.holder !== holder || observed.renewTime !== renewTime) {
        observed = { holder, renewTime, at: now };
      }
      const durationMs = (current.spec?.leaseDurationSeconds ?? leaseDurationMs / 1000) * 1000;
      if (now < observed.at + durationMs) return false;
    }
    const takingOver = holder !== identity;
    await client.replace(
      leaseObject(
        {
          ...spec,
          acquireTime: takingOver ? microTime(now) : (current.spec?.acquireTime ?? microTime(now)),
          leaseTransitions: (current.spec?.leaseTransitions ?? 0) + (takingOver && holder ? 1 : 0),
        },
        current,
      ),
    );
    return true;
  };

  const setLeader = (value: boolean): void => {
    if (value === leader) return;
    leader = value;
    if (value) options.onStartedLeading();
    else options.onStoppedLeading();
  };

  const tick = async (): Promise<void> => {
    let outcome: 'held' | 'taken' | 'failed';
    try {
      outcome = (await tryAcquireOrRenew()) ? 'held' : 'taken';
    } catch (error) {
      // A 409 means the Lease changed between our read and write: retry; the next read tells
      // whether another holder took it (then we step down) or it was our own stale view.
      outcome = 'failed';
      if (!isStatus(error, 409)) options.onError?.(error);
    }
    const now = Date.now();
    if (outcome === 'held') {
      lastRenewOk = now;
      setLeader(true);
    } else if (outcome === 'taken' || now - lastRenewOk >= renewDeadlineMs) {
      // Another holder is valid, or we could not renew in time: stop reconciling at once.
      setLeader(false);
    }
  };

  const schedule = (): void => {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = tick().finally(() => {
        inFlight = undefined;
        schedule();
      });
    }, retryPeriodMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      inFlight = tick().finally(() => {
        inFlight = undefined;
        schedule();
      });
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
      if (!leader) return;
      try {
        const current = (await client.get(Kinds.lease, name, namespace)) as Lease | null;
        if (current && current.spec?.holderIdentity === identity) {
          await client.replace(
            leaseObject(
              {
                ...current.spec,
                holderIdentity: null,
                leaseDurationSeconds: 1,
                renewTime: microTime(Date.now()),
              },
              current,
            ),
          );
        }
      } catch (error) {
        options.onError?.(error);
      }
      setLeader(false);
    },
    isLeader: () => leader,
  };
}
