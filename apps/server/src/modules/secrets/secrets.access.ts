import type { FastifyRequest } from 'fastify';
import {
  abilities,
  deploymentPolicy,
  enforce,
  NotFoundError,
  type Permission,
  type Subject,
} from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { subjectOf } from '../access/access';
import { loadOrg } from '../orgs/orgs.scope';
import { findDeployment } from './secrets.repo';

export interface OrgTarget {
  subject: Subject;
  orgId: string;
  clientId: string | null;
}

/** The org of an org-tier request (404 for those with no part in it), then guarded. */
export async function loadOrgTarget(
  db: Db,
  request: FastifyRequest,
  orgId: string,
  permission: Permission,
): Promise<OrgTarget> {
  const { org, subject } = await loadOrg(db, request.ctx, orgId, permission);
  return { subject, orgId: org.id, clientId: org.clientId };
}

export interface DeploymentTarget extends OrgTarget {
  deploymentId: string;
  teamId: string;
  serviceNames: string[];
}

/**
 * The deployment of a deployment/service-tier request, within the caller's client, visible to
 * its team's members and its org's owners/admins only (others: 404), then guarded.
 */
export async function loadDeploymentTarget(
  db: Db,
  request: FastifyRequest,
  deploymentId: string,
  permission: Permission,
): Promise<DeploymentTarget> {
  const subject = await subjectOf(db, request);
  const dep = enforce(
    deploymentPolicy,
    subject,
    await findDeployment(db, request.clientId, deploymentId),
    permission,
  );
  const services = (dep.spec as { services?: Array<{ name?: unknown }> }).services ?? [];
  return {
    subject,
    orgId: dep.orgId,
    clientId: dep.clientId,
    deploymentId: dep.id,
    teamId: dep.teamId,
    serviceNames: services.map((s) => s.name).filter((n): n is string => typeof n === 'string'),
  };
}

/** A service of the deployment, else 404. */
export function requireService(target: DeploymentTarget, service: string): void {
  if (!target.serviceNames.includes(service)) {
    throw new NotFoundError('service', `The deployment has no service named ${service}.`);
  }
}

export const orgAbilities = (t: OrgTarget) =>
  abilities(t.subject, { orgId: t.orgId, clientId: t.clientId }, ['secrets:read', 'org:secrets:write']);
export const deploymentAbilities = (t: DeploymentTarget) =>
  abilities(t.subject, { orgId: t.orgId, teamId: t.teamId, clientId: t.clientId }, [
    'secrets:read',
    'secrets:write',
  ]);
