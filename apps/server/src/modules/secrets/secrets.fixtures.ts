import { randomUUID } from 'node:crypto';
import type { UserDeploymentSpec } from '@k8s-scheduler/crds';
import type { Db } from '../../db/database';
import { organizations, orgMembers, teamMembers, teams, users } from '../../db/schema';
import { insertDeployment } from '../deployments/deployments.repo';

/**
 * Test factories for the secrets tests: each call builds a fresh tenant (org, team, deployment with
 * services `web` and `worker`) so tests run in parallel without cleanup. Never used by the app.
 */

export function deploymentSpec(
  ids: { orgId: string; teamId: string; deploymentId: string },
  services = ['web', 'worker'],
): UserDeploymentSpec {
  return {
    ...ids,
    templateName: 'secrets-test',
    templateVersion: '1',
    tier: 'business',
    isolation: 'namespace',
    services: services.map((name) => ({
      name,
      image: 'registry.k8s.io/pause:3.10',
      ports: [{ containerPort: 8080 }],
      env: [],
      envFrom: [],
      resources: { requests: { cpu: '10m', memory: '16Mi' } },
      replicas: 1,
      configFiles: [],
      volumes: [],
    })),
    secretRefs: { organization: [], deployment: [], services: [] },
  };
}

export async function buildUser(
  db: Db,
  email = `u-${randomUUID()}@example.test`,
  clientId: string | null = null,
) {
  const [user] = await db
    .insert(users)
    .values({ email, name: email.split('@')[0] ?? email, clientId })
    .returning();
  if (!user) throw new Error('no user');
  return user;
}

export async function buildTenant(
  db: Db,
  opts: { clientId?: string | null; namespace?: string; services?: string[] } = {},
) {
  const slug = `org-${randomUUID().slice(0, 8)}`;
  const [org] = await db
    .insert(organizations)
    .values({ name: slug, slug, tier: 'business', clientId: opts.clientId ?? null })
    .returning();
  if (!org) throw new Error('no org');
  const [team] = await db.insert(teams).values({ orgId: org.id, name: 'Team', slug: 'team' }).returning();
  if (!team) throw new Error('no team');
  const owner = await buildUser(db, undefined, opts.clientId ?? null);
  await db.insert(orgMembers).values({ orgId: org.id, userId: owner.id, role: 'org_owner' });
  const deploymentId = randomUUID();
  const name = `app-${deploymentId.slice(0, 8)}`;
  const spec = deploymentSpec({ orgId: org.id, teamId: team.id, deploymentId }, opts.services);
  const deployment = await insertDeployment(db, {
    id: deploymentId,
    orgId: org.id,
    teamId: team.id,
    name,
    namespace: opts.namespace ?? `ks-${slug}`,
    templateName: 'secrets-test',
    templateVersion: 1,
    spec,
  });
  return { org, team, owner, deployment };
}

/** Adds a user with a team role (or an org role) in the tenant. */
export async function addMember(
  db: Db,
  tenant: { org: { id: string; clientId: string | null }; team: { id: string } },
  role: 'org_admin' | 'org_member' | 'team_admin' | 'developer' | 'viewer',
) {
  const user = await buildUser(db, `${role}-${randomUUID().slice(0, 8)}@example.test`, tenant.org.clientId);
  if (role === 'org_admin' || role === 'org_member')
    await db.insert(orgMembers).values({ orgId: tenant.org.id, userId: user.id, role });
  else await db.insert(teamMembers).values({ teamId: tenant.team.id, userId: user.id, role });
  return user;
}
