import {
  apiKeyListSchema,
  apiKeyParamsSchema,
  createApiKeyBodySchema,
  createdApiKeySchema,
} from '@k8s-scheduler/contracts';
import { routes } from '../../http/route';
import type { FeatureModule } from '../registry';
import { createApiKeysService } from './apikeys.service';

/** The caller's own API keys (for the CLI and CI). API keys cannot manage API keys. */
export const apiKeysModule: FeatureModule = async (app, { db }) => {
  const keys = createApiKeysService({ db });
  const r = routes(app, { tags: ['api keys'] });

  r.get('/api/me/api-keys', { summary: 'My API keys', response: apiKeyListSchema }, async (ctx) => ({
    items: await keys.list(ctx),
  }));
  r.post(
    '/api/me/api-keys',
    {
      summary: 'Create an API key (the token is shown once)',
      body: createApiKeyBodySchema,
      response: createdApiKeySchema,
      status: 201,
    },
    (ctx, { body }) => keys.create(ctx, body),
  );
  r.deleteNoContent(
    '/api/me/api-keys/:keyId',
    { summary: 'Revoke an API key', params: apiKeyParamsSchema },
    (ctx, { params }) => keys.revoke(ctx, params.keyId),
  );
};
