import {
  deploymentSecretKeyParamsSchema,
  deploymentSecretParamsSchema,
  effectiveEnvironmentSchema,
  orgSecretKeyParamsSchema,
  orgSecretParamsSchema,
  putSecretBodySchema,
  secretListSchema,
  secretWrittenSchema,
  serviceSecretKeyParamsSchema,
  serviceSecretParamsSchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import { deploymentsServiceFor } from '../deployments/deployments.wiring';
import type { FeatureModule } from '../registry';
import { createSecretsService } from './secrets.service';

/**
 * Secrets of the three tiers (PRODUCT.md §5): list keys (never values), set, delete; and a
 * service's effective environment. A write re-renders the affected deployments through the
 * deployments module (the one writer of their spec).
 */
export const secretsModule: FeatureModule = async (app, deps) => {
  const { db, services } = deps;
  const deployments = deploymentsServiceFor(deps);
  const service = createSecretsService({
    db,
    store: services.secrets,
    rerender: (ids, opts) => deployments.rerender(ids, opts),
  });
  const r = routes(app, { tags: ['secrets'] });
  const errors = [503];

  // Organization tier.
  r.get(
    '/api/orgs/:orgId/secrets',
    {
      summary: 'Organization secrets: keys, who changed them and when (never values)',
      params: orgSecretParamsSchema,
      response: secretListSchema,
      errors,
    },
    (ctx, { params }) => service.list(ctx, { orgId: params.orgId }),
  );
  r.put(
    '/api/orgs/:orgId/secrets/:key',
    {
      summary: 'Set an organization secret (it shadows the same key of every deployment and service)',
      params: orgSecretKeyParamsSchema,
      body: putSecretBodySchema,
      response: secretWrittenSchema,
      errors,
    },
    (ctx, { params, body }) => service.set(ctx, { ...params, value: body.value }),
  );
  r.deleteNoContent(
    '/api/orgs/:orgId/secrets/:key',
    { summary: 'Delete an organization secret', params: orgSecretKeyParamsSchema, errors },
    (ctx, { params }) => service.remove(ctx, params),
  );

  // Deployment tier.
  r.get(
    '/api/deployments/:id/secrets',
    {
      summary: 'Deployment secrets: keys, who changed them and when (never values)',
      params: deploymentSecretParamsSchema,
      response: secretListSchema,
      errors,
    },
    (ctx, { params }) => service.list(ctx, { deploymentId: params.id }),
  );
  r.put(
    '/api/deployments/:id/secrets/:key',
    {
      summary: 'Set a deployment secret (every service of the deployment)',
      params: deploymentSecretKeyParamsSchema,
      body: putSecretBodySchema,
      response: secretWrittenSchema,
      errors,
    },
    (ctx, { params, body }) =>
      service.set(ctx, { deploymentId: params.id, key: params.key, value: body.value }),
  );
  r.deleteNoContent(
    '/api/deployments/:id/secrets/:key',
    { summary: 'Delete a deployment secret', params: deploymentSecretKeyParamsSchema, errors },
    (ctx, { params }) => service.remove(ctx, { deploymentId: params.id, key: params.key }),
  );

  // Service tier.
  r.get(
    '/api/deployments/:id/services/:service/secrets',
    {
      summary: 'Service secrets of one container: keys, who changed them and when (never values)',
      params: serviceSecretParamsSchema,
      response: secretListSchema,
      errors,
    },
    (ctx, { params }) => service.list(ctx, { deploymentId: params.id, service: params.service }),
  );
  r.put(
    '/api/deployments/:id/services/:service/secrets/:key',
    {
      summary: 'Set a service secret (one container)',
      params: serviceSecretKeyParamsSchema,
      body: putSecretBodySchema,
      response: secretWrittenSchema,
      errors,
    },
    (ctx, { params, body }) =>
      service.set(ctx, {
        deploymentId: params.id,
        service: params.service,
        key: params.key,
        value: body.value,
      }),
  );
  r.deleteNoContent(
    '/api/deployments/:id/services/:service/secrets/:key',
    { summary: 'Delete a service secret', params: serviceSecretKeyParamsSchema, errors },
    (ctx, { params }) =>
      service.remove(ctx, { deploymentId: params.id, service: params.service, key: params.key }),
  );
  r.get(
    '/api/deployments/:id/services/:service/environment',
    {
      summary:
        "A service's effective secret environment: each key's tier and the tiers it shadows (keys only)",
      params: serviceSecretParamsSchema,
      response: effectiveEnvironmentSchema,
      errors,
    },
    (ctx, { params }) => service.environment(ctx, { deploymentId: params.id, service: params.service }),
  );
};
