import {
  templateDetailSchema,
  templateIdParamsSchema,
  templateListQuerySchema,
  templateListSchema,
  templateWriteBodySchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { createTemplatesService, seedSystemTemplates } from './templates.service';

/** Template API (PRODUCT.md §4): catalog, YAML in and out, versions; system templates seeded at start. */
export const templatesModule: FeatureModule = async (app, { db, logger }) => {
  await seedSystemTemplates(db, logger);
  const service = createTemplatesService({ db, logger });
  const r = routes(app, { tags: ['templates'] });

  r.get(
    '/api/templates',
    {
      summary: "Templates I can see: system, my orgs', my teams' and my private ones",
      querystring: templateListQuerySchema,
      response: templateListSchema,
    },
    (ctx, { query }) => service.list(ctx, query),
  );
  r.get(
    '/api/templates/:id',
    {
      summary: 'One template with its YAML, versions and my abilities',
      params: templateIdParamsSchema,
      response: templateDetailSchema,
    },
    (ctx, { params }) => service.get(ctx, params.id),
  );
  r.post(
    '/api/templates',
    {
      summary: 'Create a template from YAML (or JSON); every problem is reported with line and column',
      body: templateWriteBodySchema,
      response: templateDetailSchema,
      status: 201,
    },
    (ctx, { body }) => service.create(ctx, body),
  );
  r.put(
    '/api/templates/:id',
    {
      summary: 'Save a new version of a template (running deployments keep theirs)',
      params: templateIdParamsSchema,
      body: templateWriteBodySchema,
      response: templateDetailSchema,
    },
    (ctx, { params, body }) => service.update(ctx, params.id, body),
  );
  r.deleteNoContent(
    '/api/templates/:id',
    { summary: 'Delete a template (deployments made from it keep running)', params: templateIdParamsSchema },
    (ctx, { params }) => service.remove(ctx, params.id),
  );
};
