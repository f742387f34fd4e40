import { randomUUID } from 'node:crypto';
import { templateSchema } from '@k8s-scheduler/domain';
import type { Tenant } from '../../../test/authz/factories';
import type { TestPlatform } from '../../../test/harness';
import { insertDeployment } from '../deployments/deployments.repo';
import { insertTemplate } from '../templates/templates.repo';
import { deploymentSpec } from './secrets.fixtures';

/**
 * Test helper: a deployment (services `web`, `worker`) in a factory-built tenant, made from an org
 * template of its own (version 1), so a secret change re-renders it like any other deployment.
 */
export async function buildDeployment(
  t: TestPlatform,
  tenant: Tenant,
  opts: { namespace?: string; name?: string } = {},
) {
  const db = t.platform.database.db;
  const id = randomUUID();
  const name = opts.name ?? `app-${id.slice(0, 8)}`;
  const template = templateSchema.parse({
    name: `secrets-test-${id.slice(0, 8)}`,
    displayName: 'Secrets test',
    visibility: 'org',
    services: ['web', 'worker'].map((service) => ({
      name: service,
      image: 'registry.k8s.io/pause:3.10',
      ports: [{ containerPort: 8080 }],
      resources: { requests: { cpu: '10m', memory: '16Mi' } },
    })),
  });
  const created = await insertTemplate(db, {
    clientId: tenant.clientId,
    orgId: tenant.org.id,
    teamId: null,
    authorId: null,
    template,
    yaml: JSON.stringify(template),
  });
  if (!created) throw new Error('no template');
  return insertDeployment(db, {
    id,
    orgId: tenant.org.id,
    teamId: tenant.team.id,
    name,
    namespace: opts.namespace ?? `ks-${tenant.org.slug}`,
    templateId: created.id,
    templateName: template.name,
    templateVersion: 1,
    spec: deploymentSpec({ orgId: tenant.org.id, teamId: tenant.team.id, deploymentId: id }),
  });
}

/** Paths of the secrets API. */
export const paths = {
  org: (orgId: string, key?: string) => `/api/orgs/${orgId}/secrets${key ? `/${key}` : ''}`,
  deployment: (id: string, key?: string) => `/api/deployments/${id}/secrets${key ? `/${key}` : ''}`,
  service: (id: string, service: string, key?: string) =>
    `/api/deployments/${id}/services/${service}/secrets${key ? `/${key}` : ''}`,
  environment: (id: string, service: string) => `/api/deployments/${id}/services/${service}/environment`,
};
