import {
  deployImageBodySchema,
  deploymentCreateBodySchema,
  deploymentDetailSchema,
  deploymentIdParamsSchema,
  deploymentListQuerySchema,
  deploymentListSchema,
  deploymentUpdateBodySchema,
  problemSchema,
  scaleBodySchema,
} from '@k8s-scheduler/contracts';
import type { FeatureModule } from '../registry';
import { registerDeploymentEvents } from './deployments.events.routes';
import { createDeploymentsService } from './deployments.service';

const problems = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/** Deployments API (PRODUCT.md §6): every write goes to the database and the outbox in one transaction. */
export const deploymentsModule: FeatureModule = async (app, { db, config, logger, services }) => {
  const service = createDeploymentsService({
    db,
    config,
    logger,
    secrets: () => services.secrets,
    notify: () => services.outbox?.notify(),
    kubeConnected: () => services.outbox?.connected() ?? false,
  });
  const tags = ['deployments'];
  registerDeploymentEvents(app, { db, hub: services.deploymentEvents });
  const byId = { params: deploymentIdParamsSchema };

  app.get(
    '/api/deployments',
    {
      schema: {
        tags,
        summary: 'Deployments of the current team (or teamId) with their status',
        querystring: deploymentListQuerySchema,
        response: { 200: deploymentListSchema, ...problems },
      },
    },
    async (request) => service.list(request, request.query.teamId),
  );

  app.post(
    '/api/deployments',
    {
      schema: {
        tags,
        summary: 'Deploy a template; answers 201 with status Pending',
        body: deploymentCreateBodySchema,
        response: { 201: deploymentDetailSchema, ...problems, 503: problemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(request, request.body)),
  );

  app.get(
    '/api/deployments/:id',
    {
      schema: {
        tags,
        summary: 'One deployment: services, URLs, conditions and my abilities',
        ...byId,
        response: { 200: deploymentDetailSchema, ...problems },
      },
    },
    async (request) => service.get(request, request.params.id),
  );

  app.patch(
    '/api/deployments/:id',
    {
      schema: {
        tags,
        summary: 'Update env/config (a new generation)',
        ...byId,
        body: deploymentUpdateBodySchema,
        response: { 200: deploymentDetailSchema, ...problems, 503: problemSchema },
      },
    },
    async (request) => service.update(request, request.params.id, request.body),
  );

  app.post(
    '/api/deployments/:id/deploy-image',
    {
      schema: {
        tags,
        summary: 'Run another image for one service',
        ...byId,
        body: deployImageBodySchema,
        response: { 200: deploymentDetailSchema, ...problems },
      },
    },
    async (request) => service.deployImage(request, request.params.id, request.body),
  );

  app.post(
    '/api/deployments/:id/scale',
    {
      schema: {
        tags,
        summary: 'Set the replicas of one service',
        ...byId,
        body: scaleBodySchema,
        response: { 200: deploymentDetailSchema, ...problems },
      },
    },
    async (request) => service.scale(request, request.params.id, request.body),
  );

  app.post(
    '/api/deployments/:id/restart',
    {
      schema: {
        tags,
        summary: 'Rolling restart of every service (sets restartedAt)',
        ...byId,
        response: { 200: deploymentDetailSchema, ...problems },
      },
    },
    async (request) => service.restart(request, request.params.id),
  );

  app.delete(
    '/api/deployments/:id',
    {
      schema: {
        tags,
        summary: 'Delete (status Deleting until it is gone from the cluster)',
        ...byId,
        response: { 202: deploymentDetailSchema, ...problems },
      },
    },
    async (request, reply) => reply.code(202).send(await service.remove(request, request.params.id)),
  );
};
