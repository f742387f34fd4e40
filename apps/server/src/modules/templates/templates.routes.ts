import { z } from 'zod';
import {
  problemSchema,
  templateDetailSchema,
  templateIdParamsSchema,
  templateListQuerySchema,
  templateListSchema,
  templateWriteBodySchema,
} from '@k8s-scheduler/contracts';
import type { FeatureModule } from '../registry';
import { createTemplatesService, seedSystemTemplates } from './templates.service';

const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

/** Template API (PRODUCT.md §4): catalog, YAML in and out, versions; system templates seeded at start. */
export const templatesModule: FeatureModule = async (app, { db, logger }) => {
  await seedSystemTemplates(db, logger);
  const service = createTemplatesService({ db, logger });
  const tags = ['templates'];

  app.get(
    '/api/templates',
    {
      schema: {
        tags,
        summary: "Templates I can see: system, my orgs', my teams' and my private ones",
        querystring: templateListQuerySchema,
        response: { 200: templateListSchema, ...problems },
      },
    },
    async (request) => service.list(request, request.query),
  );

  app.get(
    '/api/templates/:id',
    {
      schema: {
        tags,
        summary: 'One template with its YAML, versions and my abilities',
        params: templateIdParamsSchema,
        response: { 200: templateDetailSchema, ...problems },
      },
    },
    async (request) => service.get(request, request.params.id),
  );

  app.post(
    '/api/templates',
    {
      schema: {
        tags,
        summary: 'Create a template from YAML (or JSON); every problem is reported with line and column',
        body: templateWriteBodySchema,
        response: { 201: templateDetailSchema, ...problems, 409: problemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await service.create(request, request.body)),
  );

  app.put(
    '/api/templates/:id',
    {
      schema: {
        tags,
        summary: 'Save a new version of a template (running deployments keep theirs)',
        params: templateIdParamsSchema,
        body: templateWriteBodySchema,
        response: { 200: templateDetailSchema, ...problems },
      },
    },
    async (request) => service.update(request, request.params.id, request.body),
  );

  app.delete(
    '/api/templates/:id',
    {
      schema: {
        tags,
        summary: 'Delete a template (deployments made from it keep running)',
        params: templateIdParamsSchema,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.remove(request, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
