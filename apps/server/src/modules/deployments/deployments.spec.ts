import type { Logger } from 'pino';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import {
  InvalidError,
  NotFoundError,
  renderUserDeployment,
  type Plans,
  type Template,
  type Tier,
} from '@k8s-scheduler/domain';
import type { Config } from '@k8s-scheduler/config';
import type { Db, Tx } from '../../db/database';
import { enqueue } from '../../outbox/outbox.repo';
import { clientDeploymentDomain } from '../clients/clients.repo';
import { findOrgById } from '../orgs/orgs.repo';
import { orgQuotaOf, plansFor } from '../plans/plans';
import { deploymentSecretRefs } from '../secrets/secrets.service';
import { findVersion } from '../templates/templates.repo';
import {
  applyOverrides,
  orgNamespace,
  userDeploymentObject,
  type DeploymentOverrides,
  type TenantInput,
} from './deployments.objects';
import {
  lockDeployment,
  updateDeployment,
  type DeploymentRow,
  type NewDeploymentRow,
} from './deployments.repo';

/**
 * The one place the UserDeployment spec is rendered and written: `renderSpec` turns a template
 * version, inputs and overrides into the spec for the org's current tier; `saveSpec` writes the
 * row and its outbox entry in the caller's transaction; `rerender` does both for stored
 * deployments (after a secret change, and later a tier change, an upgrade or a rollback).
 */

type Values = Record<string, string>;

/** What rendering needs to know of the org. */
export interface OrgInfo {
  id: string;
  clientId: string | null;
  slug: string;
  tier: Tier;
  limitOverrides: Record<string, unknown>;
}

export interface RenderInput {
  org: OrgInfo;
  plans: Plans;
  row: { id: string; name: string; teamId: string };
  template: Template;
  templateVersion: number;
  inputs: Values;
  /** Deployment-tier keys about to be stored (not yet in the secrets metadata). */
  deploymentSecretKeys: readonly string[];
  overrides: DeploymentOverrides;
  restartedAt: Date | null;
}

export interface Rendered {
  spec: UserDeploymentSpec;
  tenantInput: TenantInput;
  namespace: string;
}

export interface SpecDeps {
  db: Db;
  config: Config;
  logger: Logger;
  /** Wakes the outbox worker after a commit. */
  notify: () => void;
}

/** The org of a deployment, as rendering needs it. */
export async function orgInfo(db: Db | Tx, orgId: string): Promise<OrgInfo> {
  const org = await findOrgById(db, orgId);
  if (!org) throw new NotFoundError('organization');
  return {
    id: org.id,
    clientId: org.clientId,
    slug: org.slug,
    tier: org.tier,
    limitOverrides: org.limitOverrides,
  };
}

/** Renders the spec (keys, never values, of the secrets; the secrets revision) with the overrides applied. */
export async function renderSpec(
  deps: Pick<SpecDeps, 'config'>,
  db: Db | Tx,
  input: RenderInput,
): Promise<Rendered> {
  const { config } = deps;
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
      isolation: input.plans[input.org.tier].isolation,
    },
    inputs: input.inputs,
    secretRefs: {
      organization: keys.organization,
      deployment: [...new Set([...keys.deployment, ...input.deploymentSecretKeys])],
      services: keys.services,
    },
    domain: (await clientDeploymentDomain(db, input.org.clientId)) ?? config.deploymentDomain,
    ...(input.restartedAt ? { restartedAt: input.restartedAt.toISOString() } : {}),
    secretsRevision: keys.revision,
  });
  const tenantInput = {
    org: { ...input.org, quota: orgQuotaOf(input.org.limitOverrides) },
    plans: input.plans,
    sharedNamespace: config.kubernetes.sharedNamespace,
  };
  return { spec: applyOverrides(spec, input.overrides), tenantInput, namespace: orgNamespace(tenantInput) };
}

/** Writes a new generation of a deployment's spec (with the change that led to it) and queues its apply. */
export async function saveSpec(
  tx: Tx,
  row: Pick<DeploymentRow, 'id' | 'generation'>,
  spec: UserDeploymentSpec,
  patch: Pick<Partial<NewDeploymentRow>, 'inputs' | 'overrides' | 'restartedAt'> = {},
): Promise<DeploymentRow> {
  const saved = await updateDeployment(tx, row.id, { ...patch, spec, generation: row.generation + 1 });
  await enqueue(tx, 'apply', userDeploymentObject({ ...saved, spec }));
  return saved;
}

export type RerenderOutcome = 'rerendered' | 'gone' | 'skipped';

/**
 * Re-renders stored deployments from their template version, inputs and overrides for the org's
 * current tier (with the current secret keys and revision), each in its own transaction with its
 * outbox entry. The ids come from a caller that already scoped and authorized them. A deployment
 * that is gone or being deleted is left alone; one that no longer renders (its template version
 * is gone, a required secret was deleted) keeps its spec and is logged.
 */
export async function rerender(
  deps: SpecDeps,
  ids: readonly string[],
  opts: { reason: string },
): Promise<Record<string, RerenderOutcome>> {
  const { db, logger } = deps;
  const outcomes: Record<string, RerenderOutcome> = {};
  for (const id of ids) {
    outcomes[id] = await db.transaction(async (tx): Promise<RerenderOutcome> => {
      const row = await lockDeployment(tx, id);
      if (!row || row.phase === 'Deleting') return 'gone';
      const version = row.templateId ? await findVersion(tx, row.templateId, row.templateVersion) : null;
      if (!version) {
        logger.warn(
          { deploymentId: id, reason: opts.reason },
          'deployment not re-rendered: its template version no longer exists',
        );
        return 'skipped';
      }
      const org = await orgInfo(tx, row.orgId);
      let rendered: Rendered;
      try {
        rendered = await renderSpec(deps, tx, {
          org,
          plans: await plansFor(tx, org.clientId),
          row,
          template: version.spec,
          templateVersion: row.templateVersion,
          inputs: row.inputs,
          deploymentSecretKeys: [],
          overrides: row.overrides,
          restartedAt: row.restartedAt,
        });
      } catch (err) {
        if (!(err instanceof InvalidError)) throw err;
        logger.warn(
          { deploymentId: id, reason: opts.reason, issues: err.issues.length },
          'deployment not re-rendered: it no longer renders; it keeps its spec',
        );
        return 'skipped';
      }
      await saveSpec(tx, row, rendered.spec);
      return 'rerendered';
    });
  }
  const count = Object.values(outcomes).filter((o) => o === 'rerendered').length;
  if (count > 0) {
    deps.notify();
    logger.info({ deployments: count, reason: opts.reason }, 'deployments re-rendered');
  }
  return outcomes;
}
