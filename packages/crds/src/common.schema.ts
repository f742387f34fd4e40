import { z } from 'zod';
import { API_VERSION } from './constants';

/** Minimal object metadata: what the platform reads and writes; other fields are kept as they are. */
export const objectMetaSchema = z.looseObject({
  name: z.string(),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  resourceVersion: z.string().optional(),
  generation: z.number().int().optional(),
  creationTimestamp: z.string().optional(),
  deletionTimestamp: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  finalizers: z.array(z.string()).optional(),
});
export type ObjectMeta = z.infer<typeof objectMetaSchema>;

export const conditionStatusSchema = z.enum(['True', 'False', 'Unknown']);
export type ConditionStatus = z.infer<typeof conditionStatusSchema>;

/** A status condition, shaped like `metav1.Condition`. */
export const conditionSchema = z.object({
  type: z.string().min(1),
  status: conditionStatusSchema,
  reason: z.string(),
  message: z.string(),
  /** RFC 3339 time of the last change of `status`. */
  lastTransitionTime: z.string(),
  observedGeneration: z.number().int().optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export const tierSchema = z.enum(['free', 'business', 'enterprise']);
export type Tier = z.infer<typeof tierSchema>;

export const isolationSchema = z.enum(['shared', 'namespace', 'dedicated']);
export type Isolation = z.infer<typeof isolationSchema>;

/** CPU and memory as Kubernetes quantities (`"500m"`, `"2"`, `"512Mi"`). */
export const cpuMemorySchema = z.object({
  cpu: z.string().optional(),
  memory: z.string().optional(),
});
export type CpuMemory = z.infer<typeof cpuMemorySchema>;

/**
 * The status every platform resource reports: its phase, conditions, the generation they describe
 * and a message, with the resource's own fields (`extra`) before the message.
 */
export function resourceStatusSchema<
  Phase extends z.ZodType,
  Extra extends z.ZodRawShape = Record<never, never>,
>(phase: Phase, extra: Extra = {} as Extra) {
  return z.object({
    phase: phase.optional(),
    conditions: z.array(conditionSchema).optional(),
    observedGeneration: z.number().int().optional(),
    ...extra,
    message: z.string().optional(),
  });
}

/** A platform custom resource: the group's apiVersion, `kind`, metadata, spec and optional status. */
export function customResourceSchema<Kind extends string, Spec extends z.ZodType, Status extends z.ZodType>(
  kind: Kind,
  spec: Spec,
  status: Status,
) {
  return z.object({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(kind),
    metadata: objectMetaSchema,
    spec,
    status: status.optional(),
  });
}
