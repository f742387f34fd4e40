import { randomUUID } from 'node:crypto';
import { deployments } from '../../db/schema';
import type { Tenant } from '../../../test/authz/factories';
import type { TestPlatform } from '../../../test/harness';
import { deploymentSpec } from './secrets.fixtures';

/** Test helper: a deployment row (services `web`, `worker`) in a factory-built tenant. */
export async function buildDeployment(
  t: TestPlatform,
  tenant: Tenant,
  opts: { namespace?: string; name?: string } = {},
) {
  const id = randomUUID();
  const name = opts.name ?? `app-${id.slice(0, 8)}`;
  const spec = deploymentSpec({ orgId: tenant.org.id, teamId: tenant.team.id, deploymentId: id });
  const [row] = await t.platform.database.db
    .insert(deployments)
    .values({
      id,
      orgId: tenant.org.id,
      teamId: tenant.team.id,
      name,
      namespace: opts.namespace ?? `ks-${tenant.org.slug}`,
      templateName: 'secrets-test',
      templateVersion: 1,
      spec: spec as unknown as Record<string, unknown>,
    })
    .returning();
  if (!row) throw new Error('no deployment');
  return row;
}

/** Paths of the secrets API. */
export const paths = {
  org: (orgId: string, key?: string) => `/api/orgs/${orgId}/secrets${key ? `/${key}` : ''}`,
  deployment: (id: string, key?: string) => `/api/deployments/${id}/secrets${key ? `/${key}` : ''}`,
  service: (id: string, service: string, key?: string) =>
    `/api/deployments/${id}/services/${service}/secrets${key ? `/${key}` : ''}`,
  environment: (id: string, service: string) => `/api/deployments/${id}/services/${service}/environment`,
};
