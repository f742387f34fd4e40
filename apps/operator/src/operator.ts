import { hostname } from 'node:os';
import type { Logger } from 'pino';
import {
  API_VERSION,
  FIELD_MANAGER,
  LABELS,
  MANAGED_BY,
  TENANT_KIND,
  USER_DEPLOYMENT_KIND,
} from '@k8s-scheduler/crds';
import { APPLIED_HASH_ANNOTATION, type ChildrenConfig } from '@k8s-scheduler/domain';
import { defaultOperatorConfig, type OperatorConfig } from './config';
import { childView, ownerChanged, slim, slimChild } from './controller/filters';
import { createInformer, objectKey, type Informer } from './controller/informer';
import { createLeaderElector, type LeaderElector } from './controller/leader';
import { createWorkQueue, type ReconcileResult, type WorkQueue } from './controller/workqueue';
import {
  createKubeClient,
  type KubeClient,
  type KubeObject,
  type KubeAuth,
  type ResourceType,
} from '@k8s-scheduler/kube';
import { createOperatorMetrics, type OperatorMetrics } from './metrics';
import { createApplier } from './reconcile/applier';
import type { SecretSource } from '@k8s-scheduler/secrets';
import { createDeploymentReconciler } from './reconcile/deployment.reconciler';
import { createEventRecorder } from './reconcile/events';
import { createTenantReconciler } from './reconcile/tenant.reconciler';

/** The operator's own field manager for server-side apply (the server uses `FIELD_MANAGER`). */
export const OPERATOR_FIELD_MANAGER = `${FIELD_MANAGER}-operator`;

export type OperatorOptions = {
  /** A client-node `KubeConfig` or `loadKubeconfig(path)`: one per process, never switched per call. */
  kubeConfig: KubeAuth;
  logger: Logger;
  config?: Partial<OperatorConfig> & {
    /** Only handle UserDeployments of this namespace (tests, single-namespace installs). */
    watchNamespace?: string | null;
    /** Label selector limiting the Tenants and UserDeployments this operator handles. */
    labelSelector?: string | null;
    /** Run without a Lease (a single replica, e.g. the embedded default). */
    leaderElection?: boolean;
  };
  secretSource?: SecretSource;
  metrics?: OperatorMetrics;
};

export type Operator = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Informers have synced (the operator can serve; it may still be a standby replica). */
  ready(): boolean;
  isLeader(): boolean;
  metrics: OperatorMetrics;
  /** Resolves when nothing is queued, running or scheduled for retry (tests and benches). */
  idle(): Promise<void>;
};

const CHILD_KINDS: ResourceType[] = [
  { apiVersion: 'v1', kind: 'Namespace' },
  { apiVersion: 'v1', kind: 'ResourceQuota' },
  { apiVersion: 'v1', kind: 'LimitRange' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
];

/**
 * Builds the operator: informers on Tenants, UserDeployments and every child kind feed two
 * de-duplicating work queues; only the Lease holder reconciles. One KubeConfig, one HTTP pool.
 */
export function createOperator(options: OperatorOptions): Operator {
  const config: OperatorConfig = {
    ...defaultOperatorConfig,
    identity: `${hostname()}-${process.pid}`,
    ...options.config,
  };
  const watchNamespace = options.config?.watchNamespace ?? undefined;
  const selector = options.config?.labelSelector ?? undefined;
  const useLease = options.config?.leaderElection ?? true;
  const logger = options.logger.child({ component: 'operator' });
  const metrics = options.metrics ?? createOperatorMetrics();

  let client: KubeClient | undefined;
  let informers: Informer[] = [];
  let queues: WorkQueue[] = [];
  let elector: LeaderElector | undefined;
  let leading = false;
  let started = false;

  const childrenConfig: ChildrenConfig = {
    ingressClass: config.ingressClass,
    clusterIssuer: config.clusterIssuer,
    ingressControllerNamespace: config.ingressControllerNamespace,
    dedicatedNodeLabel: config.dedicatedNodeLabel,
    dedicatedTaintKey: config.dedicatedTaintKey,
    externalSecrets: config.clusterSecretStore
      ? {
          storeName: config.clusterSecretStore,
          apiVersion: config.externalSecretsApiVersion,
          refreshInterval: config.externalSecretsRefreshInterval,
          keyPrefix: config.externalSecretsKeyPrefix,
        }
      : null,
  };

  const makeInformer = (
    kube: KubeClient,
    type: ResourceType,
    labelSelector: string | undefined,
    namespaced: boolean,
    child = false,
  ): Informer =>
    createInformer({
      name: type.kind,
      hangTimeoutMs: config.watchHangTimeoutMs,
      transform: child ? slimChild : slim,
      source: {
        list: () =>
          kube.list(type, {
            namespace: namespaced ? watchNamespace : undefined,
            labelSelector,
            transform: child ? slimChild : slim,
          }),
        watch: (resourceVersion, onEvent, signal) =>
          kube.watch(
            type,
            {
              namespace: namespaced ? watchNamespace : undefined,
              labelSelector,
              resourceVersion,
              // Server-side timeout with jitter, like client-go, so watches are renewed regularly.
              timeoutSeconds: 300 + Math.floor(Math.random() * 300),
            },
            onEvent,
            signal,
          ),
      },
      onWatchRestart: (reason) => {
        metrics.watchRestarts.inc({ resource: type.kind, reason });
        if (reason !== 'closed') logger.info({ resource: type.kind, reason }, 'watch restarted');
      },
      onError: (error) => logger.warn({ resource: type.kind, err: error }, 'watch failed'),
    });

  const instrument = (controller: string) => ({
    onProcessed: (_key: string, result: ReconcileResult, ms: number) => {
      metrics.duration.observe({ controller }, ms / 1000);
      metrics.reconciles.inc({
        controller,
        result: result.kind === 'requeueAfter' ? 'requeue' : result.kind,
      });
      if (result.kind === 'error') metrics.errors.inc({ controller });
    },
  });

  return {
    metrics,
    ready: () => started && informers.every((i) => i.hasSynced()),
    isLeader: () => leading,
    async start() {
      if (started) return;
      started = true;
      const kube = createKubeClient(options.kubeConfig, {
        onRequest: (verb, type) => metrics.kubeRequests.inc({ verb, kind: type.kind }),
      });
      client = kube;
      const managed = `${LABELS.managedBy}=${MANAGED_BY}`;
      const tenants = makeInformer(kube, { apiVersion: API_VERSION, kind: TENANT_KIND }, selector, false);
      const deployments = makeInformer(
        kube,
        { apiVersion: API_VERSION, kind: USER_DEPLOYMENT_KIND },
        selector,
        true,
      );
      const childTypes = [...CHILD_KINDS];
      if (childrenConfig.externalSecrets)
        childTypes.push({ apiVersion: childrenConfig.externalSecrets.apiVersion, kind: 'ExternalSecret' });
      const caches = new Map<string, Informer>();
      // Children are watched cluster-wide (a Tenant's children live in its own namespace).
      for (const type of childTypes) caches.set(type.kind, makeInformer(kube, type, managed, false, true));
      informers = [tenants, deployments, ...caches.values()];

      // Index of cached children by owner uid, kept by the child informers' handlers.
      const owned = new Map<string, Map<string, KubeObject>>();
      const childId = (o: KubeObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      const indexChild = (o: KubeObject, present: boolean): void => {
        for (const ref of o.metadata.ownerReferences ?? []) {
          const uid = typeof ref.uid === 'string' ? ref.uid : '';
          let set = owned.get(uid);
          if (present) {
            if (!set) owned.set(uid, (set = new Map()));
            set.set(childId(o), o);
          } else if (set) {
            set.delete(childId(o));
            if (set.size === 0) owned.delete(uid);
          }
        }
      };
      const applier = createApplier({ client: kube, fieldManager: OPERATOR_FIELD_MANAGER, caches, metrics });
      const events = createEventRecorder(kube, logger, config.identity);
      const tenantReconciler = createTenantReconciler({
        client: kube,
        applier,
        events,
        logger,
        tenants,
        sharedNamespace: config.namespaceShared,
      });
      const deploymentReconciler = createDeploymentReconciler({
        client: kube,
        applier,
        events,
        logger,
        deployments,
        tenants,
        children: childrenConfig,
        secretSource: options.secretSource,
        ownedBy: (uid) => [...(owned.get(uid)?.values() ?? [])],
        notReadyRequeueMs: config.notReadyRequeueMs,
        requireIngressAddress: config.requireIngressAddress,
      });

      const tenantQueue = createWorkQueue({
        concurrency: Math.max(2, Math.floor(config.concurrency / 4)),
        onDepth: (d) => metrics.queueDepth.set({ controller: 'tenant' }, d),
        ...instrument('tenant'),
      });
      const deploymentQueue = createWorkQueue({
        concurrency: config.concurrency,
        onDepth: (d) => metrics.queueDepth.set({ controller: 'deployment' }, d),
        ...instrument('deployment'),
      });
      queues = [tenantQueue, deploymentQueue];

      const enqueueOrgDeployments = (orgId: unknown): void => {
        for (const ud of deployments.list()) {
          if ((ud.spec as { orgId?: unknown } | undefined)?.orgId === orgId)
            deploymentQueue.add(objectKey(ud));
        }
      };
      tenants.addHandlers({
        add: (t) => tenantQueue.add(objectKey(t)),
        update: (old, t) => {
          if (!ownerChanged(old, t)) return;
          tenantQueue.add(objectKey(t));
          // The org's deployments read the Tenant's spec (quota, isolation), not its status.
          if (old.metadata.generation !== t.metadata.generation)
            enqueueOrgDeployments((t.spec as { orgId?: unknown } | undefined)?.orgId);
        },
        delete: (t) => tenantQueue.add(objectKey(t)),
      });
      deployments.addHandlers({
        add: (d) => deploymentQueue.add(objectKey(d)),
        update: (old, d) => {
          if (ownerChanged(old, d)) deploymentQueue.add(objectKey(d));
        },
        delete: (d) => deploymentQueue.add(objectKey(d)),
      });
      const enqueueOwner = (obj: KubeObject): void => {
        for (const ref of obj.metadata.ownerReferences ?? []) {
          if (ref.kind === USER_DEPLOYMENT_KIND && typeof ref.name === 'string' && obj.metadata.namespace) {
            deploymentQueue.add(`${obj.metadata.namespace}/${ref.name}`);
          } else if (ref.kind === TENANT_KIND && typeof ref.name === 'string') {
            tenantQueue.add(ref.name);
          }
        }
      };
      for (const cache of caches.values()) {
        cache.addHandlers({
          // The echo of our own apply (the hash we just wrote, nothing else new) needs no reconcile:
          // the reconcile that applied it already used the API server's answer.
          add: (obj) => {
            indexChild(obj, true);
            if (!applier.isOwnWrite(obj)) enqueueOwner(obj);
          },
          update: (old, obj) => {
            indexChild(old, false);
            indexChild(obj, true);
            const hashChanged =
              old.metadata.annotations?.[APPLIED_HASH_ANNOTATION] !==
              obj.metadata.annotations?.[APPLIED_HASH_ANNOTATION];
            if (childView(old) !== childView(obj) || (hashChanged && !applier.isOwnWrite(obj)))
              enqueueOwner(obj);
          },
          delete: (obj) => {
            indexChild(obj, false);
            applier.forget(obj);
            enqueueOwner(obj);
          },
        });
      }

      // Concurrency: informer events arrive while another replica leads; only the leader reconciles.
      const gate =
        (controller: string, reconcile: (key: string) => Promise<ReconcileResult>) =>
        async (key: string): Promise<ReconcileResult> => {
          if (!leading) return { kind: 'done' };
          metrics.inFlight.inc({ controller });
          try {
            return await reconcile(key);
          } finally {
            metrics.inFlight.dec({ controller });
          }
        };
      // Workers start with the first leadership: keys queued by the initial list wait (de-duplicated)
      // instead of being taken one by one by a standby and dropped.
      let workersStarted = false;
      const startWorkers = (): void => {
        if (workersStarted) return;
        workersStarted = true;
        tenantQueue.start(gate('tenant', (k) => tenantReconciler.reconcile(k)));
        deploymentQueue.start(gate('deployment', (k) => deploymentReconciler.reconcile(k)));
      };

      for (const informer of informers) informer.start();
      await Promise.all(informers.map((i) => i.waitForSync()));
      logger.info({ informers: informers.length, identity: config.identity }, 'caches synced');

      const becomeLeader = (): void => {
        leading = true;
        metrics.leader.set(1);
        logger.info({ identity: config.identity }, 'leading: reconciling');
        for (const t of tenants.list()) tenantQueue.add(objectKey(t));
        for (const d of deployments.list()) deploymentQueue.add(objectKey(d));
        startWorkers();
      };
      if (!useLease) {
        becomeLeader();
        return;
      }
      elector = createLeaderElector({
        client: kube,
        namespace: config.leaseNamespace,
        name: config.leaseName,
        identity: config.identity,
        leaseDurationMs: config.leaseDurationMs,
        renewDeadlineMs: config.renewDeadlineMs,
        retryPeriodMs: config.retryPeriodMs,
        onStartedLeading: becomeLeader,
        onStoppedLeading: () => {
          leading = false;
          metrics.leader.set(0);
          logger.info({ identity: config.identity }, 'not leading: standing by');
        },
        onError: (error) => logger.warn({ err: error }, 'leader election request failed'),
      });
      elector.start();
    },

    async stop() {
      if (!started) return;
      // Finish in-flight reconciles first, then release the Lease so a standby takes over at once.
      await Promise.all(queues.map((q) => q.shutdown()));
      await elector?.stop();
      leading = false;
      await Promise.all(informers.map((i) => i.stop()));
      await client?.close();
      informers = [];
      queues = [];
      elector = undefined;
      client = undefined;
      started = false;
    },

    async idle() {
      for (;;) {
        await Promise.all(queues.map((q) => q.drained()));
        if (queues.every((q) => q.depth() === 0 && q.processing() === 0)) return;
      }
    },
  };
}
