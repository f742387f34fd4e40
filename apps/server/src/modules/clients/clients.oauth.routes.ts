import {
  clientOAuthParamsSchema,
  clientOAuthProviderBodySchema,
  clientOAuthProviderListSchema,
  clientOAuthProviderSchema,
  clientParamsSchema,
} from '@k8s-scheduler/contracts';
import type { App } from '../../http/app';
import { routes } from '../../http/route';
import { createClientOAuthService, type ClientOAuthDeps } from './clients.oauth';

/**
 * A client's own OAuth credentials (PRODUCT.md §10): platform admins and the client's admins.
 * The client secret is write-only (platform secret store); responses only say whether one is set.
 */
export function registerClientOAuthRoutes(app: App, deps: ClientOAuthDeps) {
  const oauth = createClientOAuthService(deps);
  const r = routes(app, { tags: ['clients'] });

  r.get(
    '/api/admin/clients/:clientId/oauth',
    {
      summary: "The client's own sign-in providers (never the secrets)",
      params: clientParamsSchema,
      response: clientOAuthProviderListSchema,
    },
    (ctx, { params }) => oauth.list(ctx, params.clientId),
  );
  r.put(
    '/api/admin/clients/:clientId/oauth/:provider',
    {
      summary: 'Set or replace one of the client’s own sign-in providers (Google or OIDC)',
      params: clientOAuthParamsSchema,
      body: clientOAuthProviderBodySchema,
      response: clientOAuthProviderSchema,
    },
    (ctx, { params, body }) => oauth.set(ctx, { ...params, settings: body }),
  );
  r.deleteNoContent(
    '/api/admin/clients/:clientId/oauth/:provider',
    {
      summary: 'Remove one of the client’s own sign-in providers (and its secret)',
      params: clientOAuthParamsSchema,
    },
    (ctx, { params }) => oauth.remove(ctx, params.clientId, params.provider),
  );
}
