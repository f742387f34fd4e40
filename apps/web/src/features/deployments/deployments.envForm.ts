import { z } from 'zod';
import { dnsLabelProblem } from '@k8s-scheduler/domain';
import type { TemplateEnvVar } from '@k8s-scheduler/domain';

export type EnvFormValues = Record<string, string>;

/**
 * The zod schema of the deploy form generated from a template's env vars: required ones must be
 * filled, everything is text. Secret values use the same rules; they are only ever sent, never read.
 */
export function envVarsFormSchema(
  envVars: readonly TemplateEnvVar[],
): z.ZodType<EnvFormValues, EnvFormValues> {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const v of envVars) {
    shape[v.name] = v.required ? z.string().trim().min(1, `${v.name} is required`) : z.string();
  }
  return z.object(shape) as unknown as z.ZodType<EnvFormValues, EnvFormValues>;
}

/** Initial form values: each variable's default, or empty. Secrets never get a default shown. */
export function envVarsDefaults(envVars: readonly TemplateEnvVar[]): EnvFormValues {
  return Object.fromEntries(envVars.map((v) => [v.name, v.secret ? '' : (v.default ?? '')]));
}

/**
 * Splits the filled form into plain env values and secret values, the shape the deployments API
 * takes. Empty optional fields are left out so the template's default applies on the server.
 */
export function splitEnvValues(
  envVars: readonly TemplateEnvVar[],
  values: EnvFormValues,
): { env: Record<string, string>; secrets: Record<string, string> } {
  const env: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const v of envVars) {
    const value = values[v.name] ?? '';
    if (value === '' && !v.required) continue;
    (v.secret ? secrets : env)[v.name] = value;
  }
  return { env, secrets };
}

/** Deployment names become DNS labels (and hostnames): the same rule the server applies. */
export const deploymentNameSchema = z.string().superRefine((value, ctx) => {
  const problem = dnsLabelProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `Name ${problem}` });
});
