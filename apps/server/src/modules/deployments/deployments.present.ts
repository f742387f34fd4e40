import type { DeploymentDetail, DeploymentSummary } from '@k8s-scheduler/contracts';
import {
  abilitiesOn,
  can,
  deploymentPolicy,
  secretValueProblem,
  type Subject,
  type Template,
  type ValidationIssue,
} from '@k8s-scheduler/domain';
import { specOf, type DeploymentRow } from './deployments.repo';

type Values = Record<string, string>;

/** Problems with where the caller put each value: secrets in `secrets`, everything else in `inputs`. */
export function splitInputs(template: Template, inputs: Values, secretValues: Values): ValidationIssue[] {
  const byName = new Map(template.envVars.map((v) => [v.name, v]));
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(secretValues)) {
    const v = byName.get(name);
    if (!v)
      issues.push({
        path: `secrets.${name}`,
        message: `${name} is not a variable of template ${template.name}`,
      });
    else if (!v.secret)
      issues.push({ path: `secrets.${name}`, message: `${name} is not a secret: pass it in inputs` });
    const problem = secretValueProblem(secretValues[name] ?? '');
    if (problem) issues.push({ path: `secrets.${name}`, message: `${name} ${problem}` });
  }
  for (const name of Object.keys(inputs)) {
    if (byName.get(name)?.secret)
      issues.push({ path: `inputs.${name}`, message: `${name} is a secret: pass it in secrets, not inputs` });
  }
  return issues;
}

/** The list view of a deployment, with the caller's abilities on it. */
export function summary(subject: Subject, row: DeploymentRow, clientId: string | null): DeploymentSummary {
  return {
    id: row.id,
    name: row.name,
    orgId: row.orgId,
    teamId: row.teamId,
    namespace: row.namespace,
    templateId: row.templateId,
    templateName: row.templateName,
    templateVersion: row.templateVersion,
    phase: row.phase,
    message: row.statusMessage,
    urls: row.urls,
    generation: row.generation,
    observedGeneration: row.observedGeneration,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    abilities: abilitiesOn(deploymentPolicy, subject, { ...row, clientId }),
  };
}

/**
 * The full view: services with ready replicas, conditions, secret keys (never values; and the keys
 * only to those with `secrets:read` on the deployment — viewers and keys without the scope get none).
 */
export function detail(subject: Subject, row: DeploymentRow, clientId: string | null): DeploymentDetail {
  const spec = specOf(row);
  const statuses = new Map(row.servicesStatus.map((s) => [s.name, s]));
  const secretsReadable = can(subject, 'secrets:read', deploymentPolicy.scope({ ...row, clientId }));
  return {
    ...summary(subject, row, clientId),
    inputs: row.inputs,
    secretKeys: secretsReadable ? spec.secretRefs.deployment : [],
    services: spec.services.map((s) => ({
      name: s.name,
      image: s.image,
      replicas: s.replicas,
      readyReplicas: statuses.get(s.name)?.readyReplicas ?? null,
      ports: s.ports.map((p) => p.containerPort),
    })),
    conditions: row.conditions,
    restartedAt: row.restartedAt?.toISOString() ?? null,
  };
}
