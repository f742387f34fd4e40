import { z } from 'zod';
import { checkTemplate } from './template.checks';
import { dnsLabelProblem } from './naming';
import { isQuantity } from './quantity';

/**
 * Caps on one template, shared by server and UI (README "Limits"). They bound the work and storage
 * one document can cause: real templates have a handful of services and a few dozen variables, while
 * an unbounded one (1,000 services, an alias bomb) would cost every render, list and reconcile.
 */
export const TEMPLATE_LIMITS = {
  /** The YAML text, in bytes (UTF-8). */
  yamlBytes: 256 * 1024,
  /** Services in one template. */
  services: 20,
  /** Declared inputs (`envVars`) of one template. */
  envVars: 200,
  /** `env` entries of one service. */
  serviceEnv: 200,
  /** Ports, volumes and config files of one service, each. */
  portsPerService: 20,
  volumesPerService: 20,
  configFilesPerService: 20,
  /** Items of a service's `command` or `args`. */
  commandItems: 100,
  /** YAML aliases (`*name`) in one document: a few are handy, many are an expansion attack. */
  yamlAliases: 100,
} as const;

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
  [
    z.record(envName, text).refine((env) => Object.keys(env).length <= TEMPLATE_LIMITS.serviceEnv, {
      message: `must have at most ${TEMPLATE_LIMITS.serviceEnv} variables`,
    }),
    z
      .array(z.strictObject({ name: envName, value: text }))
      .max(TEMPLATE_LIMITS.serviceEnv, `must have at most ${TEMPLATE_LIMITS.serviceEnv} variables`),
  ],
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
  ports: z
    .array(templatePortSchema)
    .max(TEMPLATE_LIMITS.portsPerService, `must have at most ${TEMPLATE_LIMITS.portsPerService} ports`)
    .default([]),
  command: z
    .array(text)
    .max(TEMPLATE_LIMITS.commandItems, `must have at most ${TEMPLATE_LIMITS.commandItems} items`)
    .optional(),
  args: z
    .array(text)
    .max(TEMPLATE_LIMITS.commandItems, `must have at most ${TEMPLATE_LIMITS.commandItems} items`)
    .optional(),
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
  configFiles: z
    .array(z.strictObject({ path: absolutePath, content: z.string() }))
    .max(
      TEMPLATE_LIMITS.configFilesPerService,
      `must have at most ${TEMPLATE_LIMITS.configFilesPerService} config files`,
    )
    .default([]),
  volumes: z
    .array(z.strictObject({ name: dnsLabel, mountPath: absolutePath, size: quantity('1Gi').default('1Gi') }))
    .max(TEMPLATE_LIMITS.volumesPerService, `must have at most ${TEMPLATE_LIMITS.volumesPerService} volumes`)
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
    envVars: z
      .array(templateEnvVarSchema)
      .max(TEMPLATE_LIMITS.envVars, `must have at most ${TEMPLATE_LIMITS.envVars} variables`)
      .default([]),
    services: z
      .array(templateServiceSchema)
      .min(1, 'must have at least one service')
      .max(TEMPLATE_LIMITS.services, `must have at most ${TEMPLATE_LIMITS.services} services`),
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
