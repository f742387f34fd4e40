import { z } from 'zod';
import {
  SECRET_KEY_MAX_LENGTH,
  SECRET_KEY_PATTERN,
  SECRET_TIERS,
  SECRET_VALUE_MAX_BYTES,
} from '@k8s-scheduler/domain';

/** Secret API schemas (PRODUCT.md §5). Values go in, never come out: no response carries one. */

export const secretTierSchema = z.enum(SECRET_TIERS);
export type SecretTierDto = z.infer<typeof secretTierSchema>;

export const secretKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(SECRET_KEY_MAX_LENGTH, `must be at most ${SECRET_KEY_MAX_LENGTH} characters`)
  .regex(SECRET_KEY_PATTERN, 'must start with a letter or "_" and contain only letters, digits and "_"');

/** PUT body. The size check counts UTF-8 bytes; its message never repeats the value. */
export const putSecretBodySchema = z.object({
  value: z.string().refine((v) => new TextEncoder().encode(v).length <= SECRET_VALUE_MAX_BYTES, {
    message: `must be at most ${SECRET_VALUE_MAX_BYTES} bytes`,
  }),
});
export type PutSecretBody = z.infer<typeof putSecretBodySchema>;

export const orgSecretParamsSchema = z.object({ orgId: z.string().uuid() });
export const orgSecretKeyParamsSchema = orgSecretParamsSchema.extend({ key: secretKeySchema });
export const deploymentSecretParamsSchema = z.object({ id: z.string().uuid() });
export const deploymentSecretKeyParamsSchema = deploymentSecretParamsSchema.extend({ key: secretKeySchema });
export const serviceSecretParamsSchema = z.object({
  id: z.string().uuid(),
  service: z.string().min(1).max(63),
});
export const serviceSecretKeyParamsSchema = serviceSecretParamsSchema.extend({ key: secretKeySchema });

/** One key of a tier: who changed it last and when. Never the value. */
export const secretEntrySchema = z.object({
  key: z.string(),
  tier: secretTierSchema,
  revision: z.number().int().describe('Bumped on every write; changes roll the pods that use the key'),
  updatedAt: z.string(),
  updatedBy: z.object({ id: z.string().uuid(), email: z.string(), name: z.string() }).nullable(),
});
export type SecretEntry = z.infer<typeof secretEntrySchema>;

export const secretListSchema = z.object({
  tier: secretTierSchema,
  orgId: z.string().uuid(),
  deploymentId: z.string().uuid().nullable(),
  service: z.string().nullable(),
  items: z.array(secretEntrySchema),
  /** What the caller may do on this tier: `secrets:read`, `secrets:write` / `org:secrets:write`. */
  abilities: z.array(z.string()),
});
export type SecretList = z.infer<typeof secretListSchema>;

/** Answer of PUT: the key's new metadata. */
export const secretWrittenSchema = secretEntrySchema.extend({ created: z.boolean() });
export type SecretWritten = z.infer<typeof secretWrittenSchema>;

/** GET …/services/:service/environment — every key once, the tier it comes from, what it shadows. */
export const effectiveEnvironmentSchema = z.object({
  deploymentId: z.string().uuid(),
  service: z.string(),
  keys: z.array(
    z.object({
      key: z.string(),
      tier: secretTierSchema,
      shadowed: z
        .array(z.object({ tier: secretTierSchema }))
        .describe('Lower-precedence tiers that also set this key'),
    }),
  ),
  abilities: z.array(z.string()),
});
export type EffectiveEnvironment = z.infer<typeof effectiveEnvironmentSchema>;
