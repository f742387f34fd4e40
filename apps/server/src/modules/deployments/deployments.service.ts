import { randomUUID } from 'node:crypto';
import type { DeploymentDetail } from '@k8s-scheduler/contracts';
import {
  authorize,
  authorizeSecretInputs,
  checkDeploymentLimit,
  checkQuota,
  checkTemplateVisibility,
  ConflictError,
  deploymentPolicy,
  DomainError,
  effectiveQuota,
  dnsLabelProblem,
  generateDeploymentName,
  InvalidError,
  resourceRequests,
  type Permission,
  type Plans,
  type Template,
} from '@k8s-scheduler/domain';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import type { RequestContext } from '../../context/context';
import type { Db, Tx } from '../../db/database';
import { enqueue } from '../../outbox/outbox.repo';
import { lockOrg } from '../orgs/orgs.repo';
import { orgQuotaOf, plansFor } from '../plans/plans';
import type { TrackedSecretStore } from '../secrets/secret.tracked';
import type { TemplatesService } from '../templates/templates.service';
import { findVersion } from '../templates/templates.repo';
import {
  findDeployment,
  insertDeployment,
  listTeamDeployments,
  nameTaken,
  NO_CLUSTER_MESSAGE,
  orgUsage,
  specOf,
  updateDeployment,
  WAITING_MESSAGE,
  type DeploymentRow,
} from './deployments.repo';
import {
  tenantObject,
  userDeploymentObject,
  userDeploymentRef,
  type DeploymentOverrides,
} from './deployments.objects';
import { detail, splitInputs, summary } from './deployments.present';
import {
  orgInfo,
  renderSpec,
  rerender,
  saveSpec,
  type OrgInfo,
  type RenderInput,
  type SpecDeps,
} from './deployments.spec';
import { resolveTeam } from './team.scope';

export { NO_CLUSTER_MESSAGE, WAITING_MESSAGE };

export interface DeploymentsDeps extends SpecDeps {
  /** Where secret inputs go (tier `deployment`); absent → secret inputs are refused. */
  secrets: () => Pick<TrackedSecretStore, 'write'> | undefined;
  kubeConnected: () => boolean;
  /** Templates a deployment is made from (visibility by the template policy). */
  templates: Pick<TemplatesService, 'deployable'>;
}

type Values = Record<string, string>;

interface Edit {
  inputs?: Values;
  overrides?: DeploymentOverrides;
  restartedAt?: Date;
}

export function createDeploymentsService(deps: DeploymentsDeps) {
  const { db } = deps;

  /** A deployment of this client that the caller may see (else 404), guarded by `permission` (else 403). */
  async function load(ctx: RequestContext, id: string, permission: Permission) {
    const { subject, resource } = await ctx.enforce(
      deploymentPolicy,
      await findDeployment(db, ctx.clientId, id),
      permission,
    );
    return { subject, row: resource };
  }

  /** The secret store, or 503 when none is configured (checked before anything is written). */
  function secretStore() {
    const store = deps.secrets();
    if (!store)
      throw new DomainError(
        'unavailable',
        'No secret store is configured, so secret values cannot be stored.',
      );
    return store;
  }

  /**
   * Stores secret values at the deployment tier, each with an audit entry naming the key (never
   * the value) in the same transaction as its metadata. `via` is the deployment action that carried them.
   */
  async function storeSecrets(
    ctx: RequestContext,
    row: Pick<DeploymentRow, 'id' | 'orgId'>,
    values: Values,
    via: 'deployment.create' | 'deployment.update',
  ) {
    const entries = Object.entries(values);
    if (!entries.length) return;
    const store = secretStore();
    for (const [key, value] of entries) {
      await store.write({ orgId: row.orgId, tier: 'deployment', deploymentId: row.id, key }, value, {
        userId: ctx.auth?.user.id ?? null,
        inTransaction: (tx, meta) =>
          ctx.audit(tx, {
            orgId: row.orgId,
            action: meta.created ? 'secret.create' : 'secret.update',
            targetType: 'secret',
            targetId: meta.id,
            metadata: { key, tier: 'deployment', deploymentId: row.id, revision: meta.revision, via },
          }),
      });
    }
  }

  /** The quota check of a day-2 change (the org's other deployments plus this one's new spec). */
  async function checkChangeQuota(
    tx: Db | Tx,
    row: DeploymentRow,
    org: OrgInfo,
    plans: Plans,
    spec: UserDeploymentSpec,
  ) {
    const others = await orgUsage(tx, row.orgId, { exceptId: row.id, withSpecs: hasQuota(org, plans) });
    checkQuota({
      tier: org.tier,
      used: resourceRequests(others.specs.flatMap((d) => specOf(d).services)),
      requested: resourceRequests(spec.services),
      orgQuota: orgQuotaOf(org.limitOverrides),
      plans,
    });
  }

  /** A day-2 change: re-renders with the edit, checks the quota, writes the new generation. */
  async function change(
    ctx: RequestContext,
    id: string,
    permission: Permission,
    edit: (row: DeploymentRow, template: Template) => Edit,
    secretValues: Values = {},
  ): Promise<DeploymentDetail> {
    const { subject, row } = await load(ctx, id, permission);
    // Every later write of a secret value needs `secrets:write` on the deployment (PRODUCT.md §5).
    if (Object.keys(secretValues).length > 0) {
      authorize(subject, 'secrets:write', deploymentPolicy.scope(row));
      secretStore();
    }
    if (row.phase === 'Deleting') throw new ConflictError(`Deployment ${row.name} is being deleted`);
    const template = (await templateOf(row)).spec;
    const next = edit(row, template);
    const inputs = next.inputs ?? row.inputs;
    const issues = splitInputs(template, inputs, secretValues);
    if (issues.length) throw new InvalidError(issues.map((i) => i.message).join('; '), issues);
    const org = await orgInfo(db, row.orgId);
    const overrides = next.overrides ?? row.overrides;
    const restartedAt = next.restartedAt ?? row.restartedAt;
    const plans = await plansFor(db, org.clientId);
    const renderInput: RenderInput = {
      plans,
      org,
      row,
      template,
      templateVersion: row.templateVersion,
      inputs,
      deploymentSecretKeys: [...specOf(row).secretRefs.deployment, ...Object.keys(secretValues)],
      overrides,
      restartedAt,
    };
    let rendered = await renderSpec(deps, db, renderInput);
    if (Object.keys(secretValues).length > 0) {
      // Every check before the first write: a refused change stores no secret value. Then the
      // secrets, so the spec references keys that exist with the secrets revision after the write
      // (a changed value rolls the pods); the check runs again under the org lock below.
      await checkChangeQuota(db, row, org, plans, rendered.spec);
      await storeSecrets(ctx, row, secretValues, 'deployment.update');
      rendered = await renderSpec(deps, db, renderInput);
    }
    const spec = rendered.spec;
    const updated = await db.transaction(async (tx) => {
      await lockOrg(tx, row.orgId);
      await checkChangeQuota(tx, row, org, plans, spec);
      return saveSpec(tx, row, spec, { inputs, overrides, restartedAt });
    });
    deps.notify();
    return detail(subject, updated, row.clientId);
  }

  /** The template version a deployment was made from (409 when it no longer exists). */
  async function templateOf(row: DeploymentRow) {
    const version = row.templateId ? await findVersion(db, row.templateId, row.templateVersion) : null;
    if (!version)
      throw new ConflictError(
        `The template version ${row.templateName}@${row.templateVersion} of this deployment no longer exists`,
      );
    return version;
  }

  return {
    async list(ctx: RequestContext, input: { teamId?: string }) {
      const team = await resolveTeam(db, ctx, input.teamId, 'deploy:read');
      const rows = await listTeamDeployments(db, team.org.id, team.teamId);
      return { items: rows.map((r) => summary(team.subject, r, team.org.clientId)) };
    },

    async get(ctx: RequestContext, id: string): Promise<DeploymentDetail> {
      const { subject, row } = await load(ctx, id, 'deploy:read');
      return detail(subject, row, row.clientId);
    },

    async create(
      ctx: RequestContext,
      body: { templateId: string; name?: string; teamId?: string; inputs: Values; secrets: Values },
    ): Promise<DeploymentDetail> {
      const team = await resolveTeam(db, ctx, body.teamId, 'deploy:create');
      const { subject } = team;
      if (Object.keys(body.secrets).length > 0) {
        authorizeSecretInputs(subject, {
          clientId: team.org.clientId,
          orgId: team.org.id,
          teamId: team.teamId,
        });
        secretStore();
      }
      const found = await deps.templates.deployable(ctx, { templateId: body.templateId, orgId: team.org.id });
      const plans = await plansFor(db, team.org.clientId);
      if (found.visibility !== 'system') checkTemplateVisibility(team.org.tier, found.visibility, plans);
      const issues = splitInputs(found.spec, body.inputs, body.secrets);
      const nameProblem = body.name === undefined ? null : dnsLabelProblem(body.name);
      if (nameProblem) issues.unshift({ path: 'name', message: `The deployment name ${nameProblem}` });
      if (issues.length) throw new InvalidError(issues.map((i) => i.message).join('; '), issues);

      const id = randomUUID();
      const base = { id, name: body.name ?? generateDeploymentName(), teamId: team.teamId };
      const input: RenderInput = {
        plans,
        org: team.org,
        row: base,
        template: found.spec,
        templateVersion: found.latestVersion,
        inputs: body.inputs,
        deploymentSecretKeys: Object.keys(body.secrets),
        overrides: {},
        restartedAt: null,
      };
      let rendered = await renderSpec(deps, db, input);
      // A generated name that happens to be taken is drawn again; a chosen one is a conflict.
      for (
        let i = 0;
        body.name === undefined && i < 5 && (await nameTaken(db, rendered.namespace, base.name));
        i++
      ) {
        base.name = generateDeploymentName();
        rendered = await renderSpec(deps, db, input);
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
          spec: rendered.spec,
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
        await storeSecrets(ctx, created, body.secrets, 'deployment.create');
      } catch (err) {
        ctx.logger.error({ err, deploymentId: created.id }, 'storing the secrets of a new deployment failed');
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

    update(ctx: RequestContext, id: string, body: { inputs?: Values; secrets?: Values }) {
      return change(
        ctx,
        id,
        'deploy:update',
        (row) => ({ inputs: { ...row.inputs, ...(body.inputs ?? {}) } }),
        body.secrets ?? {},
      );
    },

    deployImage(ctx: RequestContext, id: string, body: { service: string; image: string }) {
      return change(ctx, id, 'deploy:update', (row, template) => {
        assertService(template, body.service);
        const o = row.overrides;
        return { overrides: { ...o, images: { ...o.images, [body.service]: body.image } } };
      });
    },

    scale(ctx: RequestContext, id: string, body: { service: string; replicas: number }) {
      return change(ctx, id, 'deploy:update', (row, template) => {
        assertService(template, body.service);
        const o = row.overrides;
        return { overrides: { ...o, replicas: { ...o.replicas, [body.service]: body.replicas } } };
      });
    },

    restart(ctx: RequestContext, id: string) {
      return change(ctx, id, 'deploy:restart', () => ({ restartedAt: new Date() }));
    },

    /** Marks the deployment Deleting and queues the removal; the row goes once the object is gone. */
    async remove(ctx: RequestContext, id: string): Promise<DeploymentDetail> {
      const { subject, row } = await load(ctx, id, 'deploy:delete');
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

    /**
     * Re-renders these deployments from their stored template version, inputs and overrides for the
     * org's current tier (secrets changed; later tier changes, upgrades, rollbacks). The ids come
     * from a caller that already scoped and authorized them.
     */
    rerender(ids: readonly string[], opts: { reason: string }) {
      return rerender(deps, ids, opts);
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
