import { z } from 'zod';
import { MAX_IMAGE_REFERENCE_LENGTH, imageReferenceProblem } from '@k8s-scheduler/domain';

export const deploymentPhaseSchema = z.enum(['Pending', 'Provisioning', 'Ready', 'Error', 'Deleting']);
export type DeploymentPhase = z.infer<typeof deploymentPhaseSchema>;

const envValues = z.record(z.string().max(253), z.string().max(64 * 1024));

/** POST /api/deployments */
export const deploymentCreateBodySchema = z.object({
  templateId: z.string().uuid(),
  /** DNS-1123 label; generated (e.g. `swift-otter-x7k2`) when omitted. */
  name: z.string().max(63).optional(),
  teamId: z.string().uuid().optional().describe('Default: the current team of the session'),
  inputs: envValues.default({}).describe("Values of the template's non-secret variables"),
  secrets: envValues
    .default({})
    .describe('Values of secret variables: stored in the secret store, never echoed'),
});
export type DeploymentCreateBody = z.input<typeof deploymentCreateBodySchema>;

/** PATCH /api/deployments/:id — new env/config: a new generation. */
export const deploymentUpdateBodySchema = z.object({
  inputs: envValues.optional().describe('Replaces the given non-secret variables; "" resets to the default'),
  secrets: envValues.optional(),
});

export const deployImageBodySchema = z.object({
  service: z.string().min(1).max(63),
  image: z
    .string()
    .max(MAX_IMAGE_REFERENCE_LENGTH)
    .superRefine((image, ctx) => {
      const problem = imageReferenceProblem(image);
      if (problem) ctx.addIssue({ code: 'custom', message: `The image ${problem}` });
    })
    .describe('An image reference such as ghcr.io/owner/app:v2 or app@sha256:<hex>'),
});

export const scaleBodySchema = z.object({
  service: z.string().min(1).max(63),
  replicas: z.number().int().min(0).max(50),
});

export const deploymentListQuerySchema = z.object({
  teamId: z.string().uuid().optional().describe('Default: the current team of the session'),
});

export const serviceStatusDtoSchema = z.object({
  name: z.string(),
  image: z.string(),
  replicas: z.number().int(),
  readyReplicas: z.number().int().nullable(),
  ports: z.array(z.number().int()),
});

export const conditionDtoSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

export const deploymentSummarySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  orgId: z.string().uuid(),
  teamId: z.string().uuid(),
  namespace: z.string(),
  templateId: z.string().uuid().nullable(),
  templateName: z.string(),
  templateVersion: z.number().int(),
  phase: deploymentPhaseSchema,
  message: z.string().nullable(),
  urls: z.array(z.string()),
  generation: z.number().int(),
  observedGeneration: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.array(z.string()),
});
export type DeploymentSummary = z.infer<typeof deploymentSummarySchema>;

export const deploymentDetailSchema = deploymentSummarySchema.extend({
  inputs: z.record(z.string(), z.string()).describe('Non-secret inputs'),
  secretKeys: z
    .array(z.string())
    .describe('Names of the deployment-tier secrets (never values); empty without secrets:read'),
  services: z.array(serviceStatusDtoSchema),
  conditions: z.array(conditionDtoSchema),
  restartedAt: z.string().nullable(),
});
export type DeploymentDetail = z.infer<typeof deploymentDetailSchema>;

export const deploymentListSchema = z.object({ items: z.array(deploymentSummarySchema) });
export const deploymentIdParamsSchema = z.object({ id: z.string().uuid() });

/** GET /api/teams/:teamId/deployments/events — live status of a team's deployments (Server-Sent Events). */
export const deploymentEventsParamsSchema = z.object({ teamId: z.string().uuid() });

/** Event names of the deployments stream; each `data:` is one JSON document. */
export const deploymentEventNames = {
  /** The team's live deployments, sent first on every (re)connect: a reconnecting client is never stale. */
  snapshot: 'snapshot',
  /** One deployment changed (created, status, update): the same DTO as GET /api/deployments/:id. */
  deployment: 'deployment',
  /** A deployment is gone (deleted from the cluster and the database). */
  deleted: 'deleted',
} as const;

export const deploymentSnapshotEventSchema = z.object({
  teamId: z.string().uuid(),
  items: z.array(deploymentDetailSchema),
});
export type DeploymentSnapshotEvent = z.infer<typeof deploymentSnapshotEventSchema>;

export const deploymentDeletedEventSchema = z.object({ id: z.string().uuid(), teamId: z.string().uuid() });
export type DeploymentDeletedEvent = z.infer<typeof deploymentDeletedEventSchema>;
