import type { FastifyRequest } from 'fastify';
import {
  deploymentSecretKeyParamsSchema,
  deploymentSecretParamsSchema,
  effectiveEnvironmentSchema,
  orgSecretKeyParamsSchema,
  orgSecretParamsSchema,
  problemSchema,
  putSecretBodySchema,
  secretListSchema,
  secretWrittenSchema,
  serviceSecretKeyParamsSchema,
  serviceSecretParamsSchema,
  type SecretEntry,
} from '@k8s-scheduler/contracts';
import { z } from 'zod';
import type { Db } from '../../db/database';
import { recordAudit } from '../audit/audit';
import type { FeatureModule } from '../registry';
import {
  deploymentAbilities,
  loadDeploymentTarget,
  loadOrgTarget,
  orgAbilities,
  requireService,
} from './secrets.access';
import type { SecretRow } from './secrets.repo';
import {
  deleteSecret,
  listSecrets,
  serviceEnvironment,
  setSecret,
  type SecretActor,
  type SecretsServiceDeps,
} from './secrets.service';
import { createReapplyHook } from './secrets.reapply';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  503: problemSchema,
};
const tags = ['secrets'];

const present = (r: SecretRow): SecretEntry => ({
  key: r.key,
  tier: r.tier,
  revision: r.revision,
  updatedAt: r.updatedAt.toISOString(),
  updatedBy: r.updatedBy,
});

const actorOf = (request: FastifyRequest): SecretActor => ({
  userId: request.auth?.user.id ?? null,
  audit: (tx, event) => recordAudit(tx, request, event),
});

/**
 * Secrets of the three tiers (PRODUCT.md §5): list keys (never values), set, delete; and a
 * service's effective environment. Org tier: `secrets:read` / `org:secrets:write` on the org;
 * deployment and service tiers: `secrets:read` / `secrets:write` on the deployment's team.
 */
export const secretsModule: FeatureModule = async (app, { db, services, logger, kube, config }) => {
  const deps: SecretsServiceDeps = {
    db,
    store: services.secrets,
    onChanged: createReapplyHook({ db, logger, kube, config, services }),
  };
  registerOrgRoutes(app, db, deps);
  registerDeploymentRoutes(app, db, deps);
};

function registerOrgRoutes(app: Parameters<FeatureModule>[0], db: Db, deps: SecretsServiceDeps) {
  app.get(
    '/api/orgs/:orgId/secrets',
    {
      schema: {
        tags,
        summary: 'Organization secrets: keys, who changed them and when (never values)',
        params: orgSecretParamsSchema,
        response: { 200: secretListSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadOrgTarget(db, request, request.params.orgId, 'secrets:read');
      const items = await listSecrets(db, {
        orgId: t.orgId,
        tier: 'organization',
        deploymentId: null,
        serviceName: null,
      });
      return {
        tier: 'organization' as const,
        orgId: t.orgId,
        deploymentId: null,
        service: null,
        items: items.map(present),
        abilities: orgAbilities(t),
      };
    },
  );
  app.put(
    '/api/orgs/:orgId/secrets/:key',
    {
      schema: {
        tags,
        summary: 'Set an organization secret (it shadows the same key of every deployment and service)',
        params: orgSecretKeyParamsSchema,
        body: putSecretBodySchema,
        response: { 200: secretWrittenSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadOrgTarget(db, request, request.params.orgId, 'org:secrets:write');
      const row = await setSecret(
        deps,
        actorOf(request),
        { orgId: t.orgId, tier: 'organization', key: request.params.key },
        request.body.value,
      );
      return { ...present(row), created: row.created };
    },
  );
  app.delete(
    '/api/orgs/:orgId/secrets/:key',
    {
      schema: {
        tags,
        summary: 'Delete an organization secret',
        params: orgSecretKeyParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const t = await loadOrgTarget(db, request, request.params.orgId, 'org:secrets:write');
      await deleteSecret(deps, actorOf(request), {
        orgId: t.orgId,
        tier: 'organization',
        key: request.params.key,
      });
      return reply.code(204).send(null);
    },
  );
}

function registerDeploymentRoutes(app: Parameters<FeatureModule>[0], db: Db, deps: SecretsServiceDeps) {
  app.get(
    '/api/deployments/:id/secrets',
    {
      schema: {
        tags,
        summary: 'Deployment secrets: keys, who changed them and when (never values)',
        params: deploymentSecretParamsSchema,
        response: { 200: secretListSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:read');
      const items = await listSecrets(db, {
        orgId: t.orgId,
        tier: 'deployment',
        deploymentId: t.deploymentId,
        serviceName: null,
      });
      return {
        tier: 'deployment' as const,
        orgId: t.orgId,
        deploymentId: t.deploymentId,
        service: null,
        items: items.map(present),
        abilities: deploymentAbilities(t),
      };
    },
  );
  app.put(
    '/api/deployments/:id/secrets/:key',
    {
      schema: {
        tags,
        summary: 'Set a deployment secret (every service of the deployment)',
        params: deploymentSecretKeyParamsSchema,
        body: putSecretBodySchema,
        response: { 200: secretWrittenSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:write');
      const row = await setSecret(
        deps,
        actorOf(request),
        { orgId: t.orgId, tier: 'deployment', deploymentId: t.deploymentId, key: request.params.key },
        request.body.value,
      );
      return { ...present(row), created: row.created };
    },
  );
  app.delete(
    '/api/deployments/:id/secrets/:key',
    {
      schema: {
        tags,
        summary: 'Delete a deployment secret',
        params: deploymentSecretKeyParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:write');
      await deleteSecret(deps, actorOf(request), {
        orgId: t.orgId,
        tier: 'deployment',
        deploymentId: t.deploymentId,
        key: request.params.key,
      });
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/deployments/:id/services/:service/secrets',
    {
      schema: {
        tags,
        summary: 'Service secrets of one container: keys, who changed them and when (never values)',
        params: serviceSecretParamsSchema,
        response: { 200: secretListSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:read');
      requireService(t, request.params.service);
      const items = await listSecrets(db, {
        orgId: t.orgId,
        tier: 'service',
        deploymentId: t.deploymentId,
        serviceName: request.params.service,
      });
      return {
        tier: 'service' as const,
        orgId: t.orgId,
        deploymentId: t.deploymentId,
        service: request.params.service,
        items: items.map(present),
        abilities: deploymentAbilities(t),
      };
    },
  );
  app.put(
    '/api/deployments/:id/services/:service/secrets/:key',
    {
      schema: {
        tags,
        summary: 'Set a service secret (one container)',
        params: serviceSecretKeyParamsSchema,
        body: putSecretBodySchema,
        response: { 200: secretWrittenSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:write');
      requireService(t, request.params.service);
      const locator = {
        orgId: t.orgId,
        tier: 'service' as const,
        deploymentId: t.deploymentId,
        serviceName: request.params.service,
        key: request.params.key,
      };
      const row = await setSecret(deps, actorOf(request), locator, request.body.value);
      return { ...present(row), created: row.created };
    },
  );
  app.delete(
    '/api/deployments/:id/services/:service/secrets/:key',
    {
      schema: {
        tags,
        summary: 'Delete a service secret',
        params: serviceSecretKeyParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:write');
      requireService(t, request.params.service);
      await deleteSecret(deps, actorOf(request), {
        orgId: t.orgId,
        tier: 'service',
        deploymentId: t.deploymentId,
        serviceName: request.params.service,
        key: request.params.key,
      });
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/deployments/:id/services/:service/environment',
    {
      schema: {
        tags,
        summary:
          "A service's effective secret environment: each key's tier and the tiers it shadows (keys only)",
        params: serviceSecretParamsSchema,
        response: { 200: effectiveEnvironmentSchema, ...errors },
      },
    },
    async (request) => {
      const t = await loadDeploymentTarget(db, request, request.params.id, 'secrets:read');
      requireService(t, request.params.service);
      const keys = await serviceEnvironment(db, t.orgId, t.deploymentId, request.params.service);
      return {
        deploymentId: t.deploymentId,
        service: request.params.service,
        keys,
        abilities: deploymentAbilities(t),
      };
    },
  );
}
