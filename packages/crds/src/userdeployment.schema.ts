import { z } from 'zod';
import { USER_DEPLOYMENT_KIND } from './constants';
import {
  cpuMemorySchema,
  customResourceSchema,
  isolationSchema,
  resourceStatusSchema,
  tierSchema,
} from './common.schema';

export const secretTierSchema = z.enum(['organization', 'deployment', 'service']);
export type SecretTier = z.infer<typeof secretTierSchema>;

export const portSchema = z.object({
  name: z.string().optional(),
  containerPort: z.number().int().min(1).max(65535),
  protocol: z.enum(['TCP', 'UDP']).optional(),
});
export type ServicePort = z.infer<typeof portSchema>;

/**
 * One container environment variable: either a plain `value` (already rendered, never secret) or
 * `secretKey`, a key of the service's merged Secret (the operator resolves it from the store).
 */
export const envEntrySchema = z.object({
  name: z.string().min(1),
  value: z.string().optional(),
  secretKey: z.string().optional(),
});
export type EnvEntry = z.infer<typeof envEntrySchema>;

/** A secret key injected whole into the container environment, and the tier its value comes from. */
export const envFromSecretSchema = z.object({
  key: z.string().min(1),
  tier: secretTierSchema,
});
export type EnvFromSecret = z.infer<typeof envFromSecretSchema>;

export const healthCheckSchema = z.object({
  /** HTTP GET probe on `path`; when absent, a TCP probe on `port`. */
  http: z.object({ path: z.string().min(1), port: z.number().int().min(1).max(65535) }).optional(),
  tcp: z.object({ port: z.number().int().min(1).max(65535) }).optional(),
  readiness: z.boolean(),
  liveness: z.boolean(),
  initialDelaySeconds: z.number().int().min(0).optional(),
  periodSeconds: z.number().int().min(1).optional(),
  timeoutSeconds: z.number().int().min(1).optional(),
  failureThreshold: z.number().int().min(1).optional(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const configFileSchema = z.object({
  /** Absolute path of the file in the container. */
  path: z.string().min(1),
  content: z.string(),
});
export type ConfigFile = z.infer<typeof configFileSchema>;

export const volumeSchema = z.object({
  name: z.string().min(1),
  mountPath: z.string().min(1),
  /** Requested storage as a Kubernetes quantity (`"1Gi"`). */
  size: z.string().min(1),
});
export type Volume = z.infer<typeof volumeSchema>;

export const serviceSpecSchema = z.object({
  name: z.string().min(1),
  image: z.string().min(1),
  ports: z.array(portSchema),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  /** Ordered: later entries may reference earlier ones with `$(NAME)` (Kubernetes expansion). */
  env: z.array(envEntrySchema),
  /** The effective secret keys of this service after tier precedence (keys only, never values). */
  envFrom: z.array(envFromSecretSchema),
  resources: z.object({ requests: cpuMemorySchema.optional(), limits: cpuMemorySchema.optional() }),
  replicas: z.number().int().min(0),
  /** The image must start as root; without it the pod runs with `runAsNonRoot`. */
  runAsRoot: z.boolean().optional(),
  healthCheck: healthCheckSchema.optional(),
  configFiles: z.array(configFileSchema),
  volumes: z.array(volumeSchema),
});
export type ServiceSpec = z.infer<typeof serviceSpecSchema>;

export const ingressSpecSchema = z.object({
  service: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  host: z.string().min(1),
  tls: z.boolean(),
});
export type IngressSpec = z.infer<typeof ingressSpecSchema>;

/** Names of the secret-store keys per tier. Never values. */
export const secretRefsSchema = z.object({
  organization: z.array(z.string()),
  deployment: z.array(z.string()),
  services: z.array(z.object({ service: z.string().min(1), keys: z.array(z.string()) })),
});
export type SecretRefs = z.infer<typeof secretRefsSchema>;

/** The full rendered desired state of one deployment, written by the server, read by the operator. */
export const userDeploymentSpecSchema = z.object({
  orgId: z.string().min(1),
  teamId: z.string().min(1),
  deploymentId: z.string().min(1),
  templateName: z.string().min(1),
  templateVersion: z.string().min(1),
  tier: tierSchema,
  isolation: isolationSchema,
  services: z.array(serviceSpecSchema).min(1),
  ingress: ingressSpecSchema.optional(),
  secretRefs: secretRefsSchema,
  /** Opaque revision the server bumps when a secret value changes, so the pods roll. */
  secretsRevision: z.string().optional(),
  /** RFC 3339 time of the last restart request; a change rolls every pod. */
  restartedAt: z.string().optional(),
});
export type UserDeploymentSpec = z.infer<typeof userDeploymentSpecSchema>;

export const userDeploymentPhaseSchema = z.enum(['Pending', 'Provisioning', 'Ready', 'Error', 'Deleting']);
export type UserDeploymentPhase = z.infer<typeof userDeploymentPhaseSchema>;

export const serviceStatusSchema = z.object({
  name: z.string(),
  readyReplicas: z.number().int().min(0),
  replicas: z.number().int().min(0),
});
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

export const userDeploymentStatusSchema = resourceStatusSchema(userDeploymentPhaseSchema, {
  services: z.array(serviceStatusSchema).optional(),
  urls: z.array(z.string()).optional(),
});
export type UserDeploymentStatus = z.infer<typeof userDeploymentStatusSchema>;

export const userDeploymentSchema = customResourceSchema(
  USER_DEPLOYMENT_KIND,
  userDeploymentSpecSchema,
  userDeploymentStatusSchema,
);
export type UserDeployment = z.infer<typeof userDeploymentSchema>;

/** Condition types the operator reports on a UserDeployment. */
export const CONDITION_TYPES = {
  ready: 'Ready',
  progressing: 'Progressing',
  secretsSynced: 'SecretsSynced',
  ingressReady: 'IngressReady',
} as const;
