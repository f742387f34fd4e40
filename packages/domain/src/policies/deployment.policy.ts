import { DEPLOYMENT_PERMISSIONS } from '../permissions';
import type { Policy } from '../policy';
import { actsInTeam } from './team.policy';

/** What the deployment policy needs to know of a deployment. */
export interface DeploymentFacts {
  id: string;
  teamId: string;
  orgId: string;
  clientId: string | null;
}

/** A deployment is visible to its team's members and its org's owners/admins only (others: 404). */
export const deploymentPolicy: Policy<DeploymentFacts> = {
  resource: 'deployment',
  notFound: 'The deployment does not exist or you cannot see it.',
  visible: (subject, d) => actsInTeam(subject, { id: d.teamId, orgId: d.orgId }),
  scope: (d) => ({ clientId: d.clientId, orgId: d.orgId, teamId: d.teamId }),
  abilities: DEPLOYMENT_PERMISSIONS,
};
