import { randomUUID } from 'node:crypto';
import { anyUser } from './authz.entries';
import type { AuthzContext, AuthzEntry } from './authz.types';

const teamTemplate = (name: string) => `name: ${name}
displayName: ${name}
visibility: team
services:
  - name: web
    image: nginx:1.27
`;
const uniqueName = () => `t-${randomUUID().slice(0, 8)}`;
const TEAM_WRITERS = ['org_owner', 'org_admin', 'team_admin'] as const;
const TEAM_READERS = ['org_owner', 'org_admin', 'team_admin', 'developer', 'viewer'] as const;

/** A team template in the tenant, created by its org owner. */
async function setupTemplate({ t, tenant }: Omit<AuthzContext, 'ids' | 'caller'>) {
  const name = uniqueName();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/templates',
    headers: tenant.as.org_owner.headers,
    payload: { yaml: teamTemplate(name), teamId: tenant.team.id },
  });
  if (res.statusCode !== 201) throw new Error(`template setup failed: ${res.statusCode} ${res.body}`);
  return { templateId: res.json().id as string, name };
}

export const templatesAuthz: AuthzEntry[] = [
  anyUser(
    'GET /api/templates',
    'Lists what the caller can see (system + own orgs/teams/private); takes no tenant id.',
    () => ({ url: '/api/templates' }),
  ),
  {
    route: 'GET /api/templates/:id',
    allow: [...TEAM_READERS],
    hidden: ['org_member', 'outsider'],
    setup: setupTemplate,
    request: ({ ids }) => ({ url: `/api/templates/${ids.templateId}` }),
  },
  {
    route: 'POST /api/templates',
    allow: [...TEAM_WRITERS],
    deny: ['developer', 'viewer'],
    hidden: ['org_member', 'outsider'],
    status: 201,
    note: 'A team template: developers may write private ones only.',
    request: ({ tenant }) => ({
      url: '/api/templates',
      payload: { yaml: teamTemplate(uniqueName()), teamId: tenant.team.id },
    }),
  },
  {
    route: 'PUT /api/templates/:id',
    allow: [...TEAM_WRITERS],
    deny: ['developer', 'viewer'],
    hidden: ['org_member', 'outsider'],
    setup: setupTemplate,
    request: ({ ids }) => ({
      url: `/api/templates/${ids.templateId}`,
      payload: { yaml: teamTemplate(ids.name ?? '') },
    }),
  },
  {
    route: 'DELETE /api/templates/:id',
    allow: [...TEAM_WRITERS],
    deny: ['developer', 'viewer'],
    hidden: ['org_member', 'outsider'],
    fresh: true,
    status: 204,
    setup: setupTemplate,
    request: ({ ids }) => ({ url: `/api/templates/${ids.templateId}` }),
  },
];
