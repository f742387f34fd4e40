import {
  userDeploymentSpecSchema,
  type EnvEntry,
  type HealthCheck,
  type IngressSpec,
  type Isolation,
  type ServiceSpec,
  type Tier,
  type UserDeploymentSpec,
} from '@k8s-scheduler/crds';
import { childNames } from './children/deployment.children';
import { InvalidError, type ValidationIssue } from './errors';
import { imageReferenceProblem } from './image.reference';
import { deploymentHost, dnsLabelProblem } from './naming';
import { effectiveEnvironment } from './secrets';
import { serviceEnvEntries } from './template.checks';
import { classifyReference, findReferences, soleReference, substitute } from './template.refs';
import type { Template, TemplateService } from './template.schema';

export interface RenderInput {
  template: Template;
  /** The version recorded on the deployment; defaults to `template.version`. */
  templateVersion?: string;
  deployment: { id: string; name: string; orgId: string; teamId: string; tier: Tier; isolation: Isolation };
  /** Values of the template's non-secret variables. Secret values never come here. */
  inputs: Readonly<Record<string, string>>;
  /** Keys present in the secret store per tier (template secret vars are stored at deployment tier). */
  secretRefs: {
    organization: readonly string[];
    deployment: readonly string[];
    services?: Readonly<Record<string, readonly string[]>>;
  };
  /** Deployment domain: the app is served at `<name>.<domain>`. */
  domain: string;
  restartedAt?: string;
  secretsRevision?: string;
}

/** Kubernetes expands `$(NAME)` in env, command and args; keep user values literal. */
function escapeExpansion(value: string): string {
  return value.replaceAll('$(', () => '$$(');
}

function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

interface Variables {
  /** Values of plain variables and of built-ins (`deployment.host`, `services.db.host`, ...). */
  plain: Map<string, string>;
  /** Secret variables that have a stored value (by name). */
  secrets: Set<string>;
  secretNames: Set<string>;
}

function resolveVariables(input: RenderInput, issues: ValidationIssue[]): Variables {
  const { template, inputs, secretRefs } = input;
  const byName = new Map(template.envVars.map((v) => [v.name, v]));
  for (const name of Object.keys(inputs)) {
    const variable = byName.get(name);
    if (!variable)
      issues.push({
        path: `inputs.${name}`,
        message: `${name} is not a variable of template ${template.name}`,
      });
    else if (variable.secret) {
      issues.push({
        path: `inputs.${name}`,
        message: `${name} is a secret: store it as a secret, not as a plain value`,
      });
    }
  }
  const stored = new Set([...secretRefs.organization, ...secretRefs.deployment]);
  const vars: Variables = { plain: new Map(), secrets: new Set(), secretNames: new Set() };
  for (const v of template.envVars) {
    if (v.secret) {
      vars.secretNames.add(v.name);
      if (stored.has(v.name)) vars.secrets.add(v.name);
      else if (v.required)
        issues.push({ path: `secrets.${v.name}`, message: `${v.name} is required (a secret)` });
      continue;
    }
    const given = Object.hasOwn(inputs, v.name) ? inputs[v.name] : undefined;
    const value = given !== undefined && given !== '' ? given : v.default;
    if (value === undefined && v.required)
      issues.push({ path: `inputs.${v.name}`, message: `${v.name} is required` });
    vars.plain.set(v.name, value ?? '');
  }
  addBuiltins(input, vars.plain);
  return vars;
}

/**
 * Built-in references. A service's host is the name of the Kubernetes Service the operator makes
 * for it (the UserDeployment is named after the deployment), so siblings find each other even in
 * the shared namespace.
 */
function addBuiltins(input: RenderInput, plain: Map<string, string>): void {
  const { name } = input.deployment;
  const host = deploymentHost(name, input.domain);
  plain.set('deployment.name', name);
  plain.set('deployment.host', host);
  plain.set('deployment.url', `https://${host}`);
  for (const service of input.template.services) {
    plain.set(`services.${service.name}.host`, childNames.workload(name, service.name));
  }
}

function renderEnv(service: TemplateService, vars: Variables): EnvEntry[] {
  const secretEntries: EnvEntry[] = [];
  const plainEntries: EnvEntry[] = [];
  const ensureSecretEntry = (name: string) => {
    if (!secretEntries.some((e) => e.name === name)) secretEntries.push({ name, secretKey: name });
  };
  for (const [name, raw] of serviceEnvEntries(service)) {
    const sole = soleReference(raw);
    if (sole !== null && vars.secretNames.has(sole)) {
      if (vars.secrets.has(sole)) plainEntries.push({ name, secretKey: sole });
      continue; // an optional secret without a value: leave the variable unset
    }
    const secretsUsed = findReferences(raw).filter(
      (r) => classifyReference(r).kind === 'variable' && vars.secrets.has(r),
    );
    secretsUsed.forEach(ensureSecretEntry);
    // A secret inside a longer value stays in the cluster: `$(NAME)` is expanded by Kubernetes from
    // the secret-backed variable defined before it, so the value never enters the spec.
    const value = substitute(raw, (ref) =>
      vars.secrets.has(ref) ? `$(${ref})` : escapeExpansion(vars.plain.get(ref) ?? ''),
    );
    plainEntries.push({ name, value });
  }
  return [...secretEntries.filter((s) => !plainEntries.some((p) => p.name === s.name)), ...plainEntries];
}

function renderHealthCheck(service: TemplateService): HealthCheck | undefined {
  const check = service.healthCheck;
  const defaultPort = service.ports[0]?.containerPort;
  if (!check) return undefined;
  const timing = {
    readiness: check.readiness,
    liveness: check.liveness,
    ...(check.initialDelaySeconds !== undefined ? { initialDelaySeconds: check.initialDelaySeconds } : {}),
    ...(check.periodSeconds !== undefined ? { periodSeconds: check.periodSeconds } : {}),
    ...(check.timeoutSeconds !== undefined ? { timeoutSeconds: check.timeoutSeconds } : {}),
    ...(check.failureThreshold !== undefined ? { failureThreshold: check.failureThreshold } : {}),
  };
  const port = (check.http?.port ?? check.tcp?.port ?? defaultPort) as number;
  return check.http ? { http: { path: check.http.path, port }, ...timing } : { tcp: { port }, ...timing };
}

function renderService(service: TemplateService, input: RenderInput, vars: Variables): ServiceSpec {
  const plain = (text: string) => substitute(text, (ref) => vars.plain.get(ref) ?? '');
  const expandable = (text: string) => substitute(text, (ref) => escapeExpansion(vars.plain.get(ref) ?? ''));
  const envFrom = effectiveEnvironment({
    organization: input.secretRefs.organization,
    deployment: input.secretRefs.deployment,
    service: input.secretRefs.services?.[service.name] ?? [],
  }).map(({ key, tier }) => ({ key, tier }));
  const healthCheck = renderHealthCheck(service);
  return {
    name: service.name,
    image: plain(service.image),
    ports: service.ports.map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      containerPort: p.containerPort,
      protocol: p.protocol,
    })),
    ...(service.command ? { command: service.command.map(expandable) } : {}),
    ...(service.args ? { args: service.args.map(expandable) } : {}),
    env: renderEnv(service, vars),
    envFrom,
    resources: service.resources,
    replicas: service.replicas,
    ...(service.runAsRoot ? { runAsRoot: true } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    configFiles: service.configFiles.map((f) => ({ path: f.path, content: plain(f.content) })),
    volumes: service.volumes,
  };
}

function renderIngress(template: Template, host: string): IngressSpec | undefined {
  if (template.ingress) return { ...template.ingress, host, tls: true };
  for (const service of template.services) {
    const port = service.ports.find((p) => p.expose);
    if (port) return { service: service.name, port: port.containerPort, host, tls: true };
  }
  return undefined;
}

/**
 * Renders a template and a deployment's inputs into the `UserDeployment` spec: substitutes
 * `${VAR}` references, applies defaults, and turns secret variables into references (key names
 * only, never values). Throws `InvalidError` listing every missing or misplaced variable.
 */
export function renderUserDeployment(input: RenderInput): UserDeploymentSpec {
  const issues: ValidationIssue[] = [];
  const nameProblem = dnsLabelProblem(input.deployment.name);
  if (nameProblem) issues.push({ path: 'name', message: `The deployment name ${nameProblem}` });
  const vars = resolveVariables(input, issues);
  // A variable may render an image that is no reference (`${TAG}` = "1 && rm -rf /"): refuse it.
  if (issues.length === 0) {
    for (const service of input.template.services) {
      const image = substitute(service.image, (ref) => vars.plain.get(ref) ?? '');
      const problem = imageReferenceProblem(image);
      if (problem) {
        issues.push({
          path: `services.${service.name}.image`,
          message: `The image of service ${service.name} renders as ${JSON.stringify(image.slice(0, 100))}, which ${problem}`,
        });
      }
    }
  }
  if (issues.length > 0) {
    throw new InvalidError(issues.map((i) => i.message).join('; '), issues);
  }
  const { template, deployment } = input;
  const ingress = renderIngress(template, deploymentHost(deployment.name, input.domain));
  const serviceNames = new Set(template.services.map((s) => s.name));
  const spec: UserDeploymentSpec = {
    orgId: deployment.orgId,
    teamId: deployment.teamId,
    deploymentId: deployment.id,
    templateName: template.name,
    templateVersion: input.templateVersion ?? template.version,
    tier: deployment.tier,
    isolation: deployment.isolation,
    services: template.services.map((s) => renderService(s, input, vars)),
    ...(ingress ? { ingress } : {}),
    secretRefs: {
      organization: sortedUnique(input.secretRefs.organization),
      deployment: sortedUnique(input.secretRefs.deployment),
      services: Object.entries(input.secretRefs.services ?? {})
        .filter(([service, keys]) => serviceNames.has(service) && keys.length > 0)
        .map(([service, keys]) => ({ service, keys: sortedUnique(keys) }))
        .sort((a, b) => (a.service < b.service ? -1 : 1)),
    },
    ...(input.secretsRevision ? { secretsRevision: input.secretsRevision } : {}),
    ...(input.restartedAt ? { restartedAt: input.restartedAt } : {}),
  };
  // The CRD schema is the contract with the operator; a spec it would reject is a bug here.
  return userDeploymentSpecSchema.parse(spec);
}
