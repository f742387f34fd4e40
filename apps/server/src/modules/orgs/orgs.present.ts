import type { Org } from '@k8s-scheduler/contracts';
import { abilitiesOn, orgPolicy, orgRoleOf, type Subject } from '@k8s-scheduler/domain';
import type { OrgRow } from './orgs.repo';

/** DTO of an org with the caller's role and abilities (from the org policy). */
export function presentOrg(org: OrgRow, subject: Subject): Org {
  return {
    id: org.id,
    clientId: org.clientId,
    name: org.name,
    slug: org.slug,
    tier: org.tier,
    role: orgRoleOf(subject, org.id),
    createdAt: org.createdAt.toISOString(),
    abilities: abilitiesOn(orgPolicy, subject, org),
  };
}
