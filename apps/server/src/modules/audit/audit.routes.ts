import { z } from 'zod';
import { auditListQuerySchema, auditListSchema } from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { createAuditService } from './audit.service';

const params = z.object({ orgId: z.string().uuid() });

/** GET /api/orgs/:orgId/audit — the org's audit log for its owners and admins, newest first. */
export const auditModule: FeatureModule = async (app, { db }) => {
  const audit = createAuditService({ db });
  const r = routes(app, { tags: ['audit'] });
  r.get(
    '/api/orgs/:orgId/audit',
    {
      summary: "The org's audit log (owners and admins), newest first",
      params,
      querystring: auditListQuerySchema,
      response: auditListSchema,
    },
    (ctx, { params, query }) => audit.listOrg(ctx, { orgId: params.orgId, ...query }),
  );
};
