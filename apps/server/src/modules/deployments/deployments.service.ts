import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { DeploymentDetail } from '@k8s-scheduler/contracts';
import {
  checkDeploymentLimit,
  checkQuota,
  checkTemplateVisibility,
  ConflictError,
  effectiveQuota,
  dnsLabelProblem,
  DomainError,
  generateDeploymentName,
  InvalidError,
  NotFoundError,
  renderUserDeployment,
  resourceRequests,
  type Permission,
  type Plans,
  type Template,
} from '@k8s-scheduler/domain';
import type { Config } from '../../config/config';
import type { Db } from '../../db/database';
import { enqueue } from '../../outbox/outbox.repo';
import { guard, subjectOf } from '../access/access';
import type { SecretStore } from '../secrets/secret.store';
import { deploymentSecretRefs } from '../secrets/secrets.service';
import { findVersion, findVisibleTemplate } from '../templates/templates.repo';
import { visibilityScope } from '../templates/templates.service';
import {
  orgUsage,
  clientDomain,
  findDeployment,
  insertDeployment,
  listTeamDeployments,
  lockOrg,
  nameTaken,
  specOf,
  updateDeployment,
  type DeploymentRow,
} from './deployments.repo';
import {
  applyOverrides,
  orgNamespace,
  tenantObject,
  userDeploymentObject,
  userDeploymentRef,
  type DeploymentOverrides,
} from './deployments.objects';
import { orgQuotaOf, plansFor } from '../plans/plans';
import { detail, splitInputs, summary } from './deployments.present';
import { resolveTeam, seesTeam, type OrgInfo } from './team.scope';

export const NO_CLUSTER_MESSAGE = 'no cluster connected';
export const WAITING_MESSAGE = 'waiting to be applied to the cluster';

export interface DeploymentsDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Where secret inputs go (tier `deployment`); absent → secret inputs are refused. */
  secrets: () => SecretStore | undefined;
  /** Wakes the outbox worker after a commit. */
  notify: () => void;
  kubeConnected: () => boolean;
}

type Values = Record<string, string>;

export function createDeploymentsService(deps: DeploymentsDeps) {
  const { db, config } = deps;

  /** Loads a deployment of a team the caller sees, on this client's host; anything else is not found. */
  async function load(request: FastifyRequest, id: string, permission: Permission) {
    const row = await findDeployment(db, id);
    const subject = await subjectOf(db, request);
    if (!row || row.clientId !== request.clientId || !seesTeam(subject, row.teamId, row.orgId)) {
      throw new NotFoundError('deployment', 'The deployment does not exist or you cannot see it.');
    }
    await guard(db, request, permission, { clientId: row.clientId, orgId: row.orgId, teamId: row.teamId });
    return { subject, row };
  }

  async function renderFor(input: {
    org: OrgInfo;
    row: { id: string; name: string; teamId: string };
    template: Template;
    templateVersion: number;
    inputs: Values;
    deploymentSecretKeys: string[];
    overrides: DeploymentOverrides;
    restartedAt: Date | null;
    plans: Plans;
  }) {
    const plans = input.plans;
    const isolation = plans[input.org.tier].isolation;
    // Keys (never values) and the secrets revision, as the secrets module computes them.
    const keys = await deploymentSecretRefs(db, input.org.id, input.row.id);
    const spec = renderUserDeployment({
      template: input.template,
      templateVersion: String(input.templateVersion),
      deployment: {
        id: input.row.id,
        name: input.row.name,
        orgId: input.org.id,
        teamId: input.row.teamId,
        tier: input.org.tier,
        isolation,
      },
      inputs: input.inputs,
      secretRefs: {
        organization: keys.organization,
        deployment: [...new Set([...keys.deployment, ...input.deploymentSecretKeys])],
        services: keys.services,
      },
      domain: (await clientDomain(db, input.org.clientId)) ?? config.deploymentDomain,
      ...(input.restartedAt ? { restartedAt: input.restartedAt.toISOString() } : {}),
      secretsRevision: keys.revision,
    });
    const tenantInput = {
      org: { ...input.org, quota: orgQuotaOf(input.org.limitOverrides) },
      plans,
      sharedNamespace: config.kubernetes.sharedNamespace,
    };
    return {
      spec: applyOverrides(spec, input.overrides),
      plans,
      tenantInput,
      namespace: orgNamespace(tenantInput),
    };
  }

  async function storeSecrets(row: DeploymentRow, values: Values) {
    const entries = Object.entries(values);
    if (!entries.length) return;
    const store = deps.secrets();
    if (!store)
      throw new DomainError(
        'unavailable',
        'No secret store is configured, so secret values cannot be stored.',
      );
    for (const [key, value] of entries) {
      await store.put({ orgId: row.orgId, tier: 'deployment', deploymentId: row.id, key }, value);
    }
  }

  /** Re-renders a deployment after a day-2 change and writes row + outbox entry in one transaction. */
  async function change(
    request: FastifyRequest,
    id: string,
    permission: Permission,
    edit: (
      row: DeploymentRow,
      template: Template,
    ) => { inputs?: Values; overrides?: DeploymentOverrides; restartedAt?: Date; secrets?: Values },
  ): Promise<DeploymentDetail> {
    const { subject, row } = await load(request, id, permission);
    if (row.phase === 'Deleting') throw new ConflictError(`Deployment ${row.name} is being deleted`);
    const version = row.templateId ? await findVersion(db, row.templateId, row.templateVersion) : null;
    if (!version)
      throw new ConflictError(
        `The template version ${row.templateName}@${row.templateVersion} of this deployment no longer exists`,
      );
    const template = version.spec as unknown as Template;
    const next = edit(row, template);
    const inputs = next.inputs ?? row.inputs;
    const secretValues = next.secrets ?? {};
    const issues = splitInputs(template, inputs, secretValues);
    if (issues.length) throw new InvalidError(issues.map((i) => i.message).join('; '), issues);
    const org = await orgOf(row);
    const overrides = next.overrides ?? (row.overrides as DeploymentOverrides);
    const restartedAt = next.restartedAt ?? row.restartedAt;
    // Secrets first: the spec then references keys that exist, with the secrets revision after the
    // write (a changed value rolls the pods).
    await storeSecrets(row, secretValues);
    const plans = await plansFor(db, org.clientId);
    const rendered = await renderFor({
      plans,
      org,
      row,
      template,
      templateVersion: row.templateVersion,
      inputs,
      deploymentSecretKeys: [...specOf(row).secretRefs.deployment, ...Object.keys(secretValues)],
      overrides,
      restartedAt,
    });
    const updated = await db.transaction(async (tx) => {
      await lockOrg(tx, row.orgId);
      const others = await orgUsage(tx, row.orgId, { exceptId: row.id, withSpecs: hasQuota(org, plans) });
      checkQuota({
        tier: org.tier,
        used: resourceRequests(others.specs.flatMap((d) => specOf(d).services)),
        requested: resourceRequests(rendered.spec.services),
        orgQuota: orgQuotaOf(org.limitOverrides),
        plans: rendered.plans,
      });
      const saved = await updateDeployment(tx, row.id, {
        inputs,
        overrides: overrides as Record<string, unknown>,
        spec: rendered.spec as unknown as Record<string, unknown>,
        generation: row.generation + 1,
        restartedAt,
      });
      await enqueue(tx, 'apply', userDeploymentObject({ ...saved, spec: rendered.spec }));
      return saved;
    });
    deps.notify();
    return detail(subject, updated, row.clientId);
  }

  async function orgOf(row: Pick<DeploymentRow, 'orgId'>): Promise<OrgInfo> {
    const org = await db.query.organizations.findFirst({ where: (o, { eq }) => eq(o.id, row.orgId) });
    if (!org) throw new NotFoundError('organization');
    return {
      id: org.id,
      clientId: org.clientId,
      slug: org.slug,
      tier: org.tier,
      limitOverrides: org.limitOverrides,
    };
  }

  return {
    async list(request: FastifyRequest, teamId?: string) {
      const team = await resolveTeam(db, request, teamId);
      const subject = await guard(db, request, 'deploy:read', {
        clientId: team.org.clientId,
        orgId: team.org.id,
        teamId: team.teamId,
      });
      const rows = await listTeamDeployments(db, team.org.id, team.teamId);
      return { items: rows.map((r) => summary(subject, r, team.org.clientId)) };
    },

    async get(request: FastifyRequest, id: string): Promise<DeploymentDetail> {
      const { subject, row } = await load(request, id, 'deploy:read');
      return detail(subject, row, row.clientId);
    },

    async create(
      request: FastifyRequest,
      body: { templateId: string; name?: string; teamId?: string; inputs: Values; secrets: Values },
    ): Promise<DeploymentDetail> {
      const team = await resolveTeam(db, request, body.teamId);
      const scope = { clientId: team.org.clientId, orgId: team.org.id, teamId: team.teamId };
      const subject = await guard(db, request, 'deploy:create', scope);
      const found = await findVisibleTemplate(db, await visibilityScope(db, subject), body.templateId);
      // A template of another org is not usable here, whatever the caller may see elsewhere.
      if (!found || (found.visibility !== 'system' && found.orgId !== team.org.id)) {
        throw new NotFoundError('template', 'The template does not exist or you cannot see it.');
      }
      const plans = await plansFor(db, team.org.clientId);
      if (found.visibility !== 'system') checkTemplateVisibility(team.org.tier, found.visibility, plans);
      const issues = splitInputs(found.spec, body.inputs, body.secrets);
      const nameProblem = body.name === undefined ? null : dnsLabelProblem(body.name);
      if (nameProblem) issues.unshift({ path: 'name', message: `The deployment name ${nameProblem}` });
      if (issues.length) throw new InvalidError(issues.map((i) => i.message).join('; '), issues);

      const id = randomUUID();
      const base = { id, name: body.name ?? generateDeploymentName(), teamId: team.teamId };
      let rendered = await renderFor({
        plans,
        org: team.org,
        row: base,
        template: found.spec,
        templateVersion: found.latestVersion,
        inputs: body.inputs,
        deploymentSecretKeys: Object.keys(body.secrets),
        overrides: {},
        restartedAt: null,
      });
      // A generated name that happens to be taken is drawn again; a chosen one is a conflict.
      for (
        let i = 0;
        body.name === undefined && i < 5 && (await nameTaken(db, rendered.namespace, base.name));
        i++
      ) {
        base.name = generateDeploymentName();
        rendered = await renderFor({
          plans,
          org: team.org,
          row: base,
          template: found.spec,
          templateVersion: found.latestVersion,
          inputs: body.inputs,
          deploymentSecretKeys: Object.keys(body.secrets),
          overrides: {},
          restartedAt: null,
        });
      }
      const connected = deps.kubeConnected();
      const created = await db.transaction(async (tx) => {
        await lockOrg(tx, team.org.id);
        const active = await orgUsage(tx, team.org.id, { withSpecs: hasQuota(team.org, plans) });
        checkDeploymentLimit(team.org.tier, active.count, plans);
        checkQuota({
          tier: team.org.tier,
          used: resourceRequests(active.specs.flatMap((d) => specOf(d).services)),
          requested: resourceRequests(rendered.spec.services),
          orgQuota: orgQuotaOf(team.org.limitOverrides),
          plans,
        });
        if (await nameTaken(tx, rendered.namespace, base.name)) {
          throw new ConflictError(`The name ${base.name} is already taken; choose another`);
        }
        const row = await insertDeployment(tx, {
          id,
          orgId: team.org.id,
          teamId: team.teamId,
          name: base.name,
          namespace: rendered.namespace,
          templateId: found.id,
          templateName: found.name,
          templateVersion: found.latestVersion,
          inputs: body.inputs,
          spec: rendered.spec as unknown as Record<string, unknown>,
          phase: 'Pending',
          statusMessage: connected ? WAITING_MESSAGE : NO_CLUSTER_MESSAGE,
          createdBy: subject.userId,
        });
        // The tenant first: its entry is older, and the operator makes the namespace from it.
        await enqueue(tx, 'apply', tenantObject(rendered.tenantInput));
        await enqueue(tx, 'apply', userDeploymentObject({ ...row, spec: rendered.spec }));
        return row;
      });
      try {
        await storeSecrets(created, body.secrets);
      } catch (err) {
        deps.logger.error(
          { err, deploymentId: created.id },
          'storing the secrets of a new deployment failed',
        );
        await db.transaction((tx) =>
          updateDeployment(tx, created.id, {
            phase: 'Error',
            statusMessage: 'Its secrets could not be stored; set them again',
          }),
        );
        throw err;
      }
      deps.notify();
      return detail(subject, created, team.org.clientId);
    },

    update(request: FastifyRequest, id: string, body: { inputs?: Values; secrets?: Values }) {
      return change(request, id, 'deploy:update', (row) => ({
        inputs: { ...row.inputs, ...(body.inputs ?? {}) },
        ...(body.secrets ? { secrets: body.secrets } : {}),
      }));
    },

    deployImage(request: FastifyRequest, id: string, body: { service: string; image: string }) {
      return change(request, id, 'deploy:update', (row, template) => {
        assertService(template, body.service);
        const o = row.overrides as DeploymentOverrides;
        return { overrides: { ...o, images: { ...o.images, [body.service]: body.image } } };
      });
    },

    scale(request: FastifyRequest, id: string, body: { service: string; replicas: number }) {
      return change(request, id, 'deploy:update', (row, template) => {
        assertService(template, body.service);
        const o = row.overrides as DeploymentOverrides;
        return { overrides: { ...o, replicas: { ...o.replicas, [body.service]: body.replicas } } };
      });
    },

    restart(request: FastifyRequest, id: string) {
      return change(request, id, 'deploy:restart', () => ({ restartedAt: new Date() }));
    },

    /** Marks the deployment Deleting and queues the removal; the row goes once the object is gone. */
    async remove(request: FastifyRequest, id: string): Promise<DeploymentDetail> {
      const { subject, row } = await load(request, id, 'deploy:delete');
      if (row.phase === 'Deleting') return detail(subject, row, row.clientId);
      const updated = await db.transaction(async (tx) => {
        const saved = await updateDeployment(tx, row.id, {
          phase: 'Deleting',
          statusMessage: 'being removed from the cluster',
        });
        await enqueue(tx, 'delete', userDeploymentRef(row));
        return saved;
      });
      deps.notify();
      return detail(subject, updated, row.clientId);
    },
  };
}

/** Whether CPU/memory use must be summed: the org has a quota (its own or its plan's). */
function hasQuota(org: OrgInfo, plans: Plans): boolean {
  return effectiveQuota(plans[org.tier], orgQuotaOf(org.limitOverrides)) !== null;
}

function assertService(template: Template, service: string) {
  if (!template.services.some((s) => s.name === service)) {
    const names = template.services.map((s) => s.name).join(', ');
    throw new InvalidError(`The deployment has no service ${service} (services: ${names})`, [
      { path: 'service', message: `service must be one of: ${names}` },
    ]);
  }
}

export type DeploymentsService = ReturnType<typeof createDeploymentsService>;
