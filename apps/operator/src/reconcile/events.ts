import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { microTime } from '../controller/leader';
import type { KubeClient, KubeObject } from '@k8s-scheduler/kube';

export type EventType = 'Normal' | 'Warning';

export type EventRecorder = {
  /** Records a Kubernetes Event about `regarding`; failures are logged, never thrown (best effort). */
  record(regarding: KubeObject, type: EventType, reason: string, note: string): Promise<void>;
};

/** Records events.k8s.io/v1 Events. Notes never contain secret values (callers pass keys only). */
export function createEventRecorder(client: KubeClient, logger: Logger, instance: string): EventRecorder {
  return {
    async record(regarding, type, reason, note) {
      const namespace = regarding.metadata.namespace ?? 'default';
      try {
        await client.create({
          apiVersion: 'events.k8s.io/v1',
          kind: 'Event',
          metadata: {
            name: `${regarding.metadata.name}.${Date.now().toString(16)}${randomBytes(3).toString('hex')}`,
            namespace,
          },
          eventTime: microTime(Date.now()),
          reportingController: 'k8s-scheduler.io/operator',
          reportingInstance: instance,
          action: 'Reconcile',
          type,
          reason,
          note: note.slice(0, 1000),
          regarding: {
            apiVersion: regarding.apiVersion,
            kind: regarding.kind,
            name: regarding.metadata.name,
            ...(regarding.metadata.namespace ? { namespace: regarding.metadata.namespace } : {}),
            ...(regarding.metadata.uid ? { uid: regarding.metadata.uid } : {}),
          },
        });
      } catch (error) {
        logger.warn({ err: error, reason, object: regarding.metadata.name }, 'could not record event');
      }
    },
  };
}
