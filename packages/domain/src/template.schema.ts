import { z } from 'zod';
import { checkTemplate } from './template.checks';
import { dnsLabelProblem } from './naming';
import { isQuantity } from './quantity';

export const TEMPLATE_VISIBILITIES = ['private', 'team', 'org', 'system'] as const;
export type TemplateVisibility = (typeof TEMPLATE_VISIBILITIES)[number];

export const ENV_VAR_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Container env names: what Kubernetes accepts in practice (letters, digits, `_`, `-`, `.`). */
const CONTAINER_ENV_NAME_PATTERN = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const dnsLabel = z.string().superRefine((value, ctx) => {
  const problem = dnsLabelProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A YAML scalar that means text: strings, and numbers or booleans written without quotes. */
const text = z
  .union([z.string(), z.number(), z.boolean()], { error: 'must be text' })
  .transform((value) => String(value));

const quantity = (example: string) =>
  z
    .union([z.string(), z.number()], { error: `must be a quantity like "${example}"` })
    .transform((value) => String(value))
    .refine(isQuantity, { message: `must be a quantity like "${example}"` });

const port = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');
const absolutePath = z.string().startsWith('/', 'must be an absolute path (start with "/")');

export const templateEnvVarSchema = z.strictObject({
  name: z
    .string()
    .regex(ENV_VAR_NAME_PATTERN, 'must start with a letter or "_" and contain only letters, digits and "_"'),
  description: z.string().optional(),
  required: z.boolean().default(false),
  /** The value goes to the secret store and never back out. */
  secret: z.boolean().default(false),
  default: text.optional(),
});
export type TemplateEnvVar = z.output<typeof templateEnvVarSchema>;

export const templatePortSchema = z.strictObject({
  containerPort: port,
  name: dnsLabel.optional(),
  protocol: z.enum(['TCP', 'UDP']).default('TCP'),
  /** The port served publicly when the template has no explicit `ingress`. */
  expose: z.boolean().default(false),
});

const envName = z
  .string()
  .regex(CONTAINER_ENV_NAME_PATTERN, 'must contain only letters, digits, "_", "-" and "."');

/** Service env as a mapping (`KEY: value`) or a list (`- name: KEY\n  value: v`). */
export const templateServiceEnvSchema = z.union(
  [z.record(envName, text), z.array(z.strictObject({ name: envName, value: text }))],
  { error: 'must be a mapping of NAME: value, or a list of { name, value }' },
);

const cpuMemory = z.strictObject({ cpu: quantity('500m').optional(), memory: quantity('512Mi').optional() });

const probeTiming = {
  initialDelaySeconds: z.number().int().min(0, 'must be 0 or more').optional(),
  periodSeconds: z.number().int().min(1, 'must be at least 1').optional(),
  timeoutSeconds: z.number().int().min(1, 'must be at least 1').optional(),
  failureThreshold: z.number().int().min(1, 'must be at least 1').optional(),
};

export const templateHealthCheckSchema = z.strictObject({
  http: z.strictObject({ path: absolutePath, port: port.optional() }).optional(),
  tcp: z.strictObject({ port: port.optional() }).optional(),
  readiness: z.boolean().default(true),
  liveness: z.boolean().default(true),
  ...probeTiming,
});

export const templateServiceSchema = z.strictObject({
  name: dnsLabel,
  image: z.string().min(1, 'must not be empty'),
  ports: z.array(templatePortSchema).default([]),
  command: z.array(text).optional(),
  args: z.array(text).optional(),
  env: templateServiceEnvSchema.optional(),
  resources: z.strictObject({ requests: cpuMemory.optional(), limits: cpuMemory.optional() }).default({}),
  /** The image must start as root (many official database images do); otherwise pods run non-root. */
  runAsRoot: z.boolean().default(false),
  replicas: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(50, 'must be at most 50')
    .default(1),
  healthCheck: templateHealthCheckSchema.optional(),
  configFiles: z.array(z.strictObject({ path: absolutePath, content: z.string() })).default([]),
  volumes: z
    .array(z.strictObject({ name: dnsLabel, mountPath: absolutePath, size: quantity('1Gi').default('1Gi') }))
    .default([]),
});
export type TemplateService = z.output<typeof templateServiceSchema>;

export const templateIngressSchema = z.strictObject({ service: dnsLabel, port });

/** A template as PRODUCT.md §4 describes it, with cross-field checks. One schema for server, operator and UI. */
export const templateSchema = z
  .strictObject({
    name: dnsLabel,
    displayName: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    description: z.string().max(2000, 'must be at most 2000 characters').default(''),
    category: z
      .string()
      .min(1, 'must not be empty')
      .max(50, 'must be at most 50 characters')
      .default('other'),
    version: text
      .pipe(z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'))
      .default('1.0.0'),
    visibility: z.enum(TEMPLATE_VISIBILITIES).default('private'),
    envVars: z.array(templateEnvVarSchema).default([]),
    services: z.array(templateServiceSchema).min(1, 'must have at least one service'),
    ingress: templateIngressSchema.optional(),
  })
  .superRefine(
    (template, ctx) => {
      for (const issue of checkTemplate(template)) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    },
    // Run the cross-field checks even when fields failed, so every problem is reported at once.
    { when: () => true },
  );

/** A validated template (defaults applied). */
export type Template = z.output<typeof templateSchema>;
/** A template as written by its author. */
export type TemplateInput = z.input<typeof templateSchema>;
