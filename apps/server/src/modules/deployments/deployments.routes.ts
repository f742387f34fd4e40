import {
  deployImageBodySchema,
  deploymentCreateBodySchema,
  deploymentDetailSchema,
  deploymentIdParamsSchema,
  deploymentListQuerySchema,
  deploymentListSchema,
  deploymentUpdateBodySchema,
  scaleBodySchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { registerDeploymentEvents } from './deployments.events.routes';
import { deploymentsServiceFor } from './deployments.wiring';

/** Deployments API (PRODUCT.md §6): every write goes to the database and the outbox in one transaction. */
export const deploymentsModule: FeatureModule = async (app, deps) => {
  const { db, services } = deps;
  const service = deploymentsServiceFor(deps);
  registerDeploymentEvents(app, { db, hub: services.deploymentEvents });
  const r = routes(app, { tags: ['deployments'] });
  const params = deploymentIdParamsSchema;
  const response = deploymentDetailSchema;

  r.get(
    '/api/deployments',
    {
      summary: 'Deployments of the current team (or teamId) with their status',
      querystring: deploymentListQuerySchema,
      response: deploymentListSchema,
    },
    (ctx, { query }) => service.list(ctx, query),
  );
  r.post(
    '/api/deployments',
    {
      summary: 'Deploy a template; answers 201 with status Pending',
      body: deploymentCreateBodySchema,
      response,
      status: 201,
      errors: [503],
    },
    (ctx, { body }) => service.create(ctx, body),
  );
  r.get(
    '/api/deployments/:id',
    { summary: 'One deployment: services, URLs, conditions and my abilities', params, response },
    (ctx, { params }) => service.get(ctx, params.id),
  );
  r.patch(
    '/api/deployments/:id',
    {
      summary: 'Update env/config (a new generation)',
      params,
      body: deploymentUpdateBodySchema,
      response,
      errors: [503],
    },
    (ctx, { params, body }) => service.update(ctx, params.id, body),
  );
  r.post(
    '/api/deployments/:id/deploy-image',
    { summary: 'Run another image for one service', params, body: deployImageBodySchema, response },
    (ctx, { params, body }) => service.deployImage(ctx, params.id, body),
  );
  r.post(
    '/api/deployments/:id/scale',
    { summary: 'Set the replicas of one service', params, body: scaleBodySchema, response },
    (ctx, { params, body }) => service.scale(ctx, params.id, body),
  );
  r.post(
    '/api/deployments/:id/restart',
    { summary: 'Rolling restart of every service (sets restartedAt)', params, response },
    (ctx, { params }) => service.restart(ctx, params.id),
  );
  r.delete(
    '/api/deployments/:id',
    { summary: 'Delete (status Deleting until it is gone from the cluster)', params, response, status: 202 },
    (ctx, { params }) => service.remove(ctx, params.id),
  );
};
