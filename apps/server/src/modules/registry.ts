import type { Logger } from 'pino';
import type { Config } from '@k8s-scheduler/config';
import type { Database, Db } from '../db/database';
import type { App } from '../http/app';
import type { KubeConnection } from '../kube/connect';
import type { SessionManager } from './auth/auth.plugin';
import type { PlatformServices } from '../services';
import type { ClientResolver } from './clients/clients.resolve';
import { auditModule } from './audit/audit.routes';
import { orgsModule } from './orgs/orgs.routes';
import { teamsModule } from './teams/teams.routes';
import { invitationsModule } from './invitations/invitations.routes';
import { membersModule } from './members/members.routes';
import { oauthModule } from './oauth/oauth.routes';
import { apiKeysModule } from './apikeys/apikeys.routes';
import { clientsModule } from './clients/clients.routes';
import { deploymentsModule } from './deployments/deployments.routes';
import { templatesModule } from './templates/templates.routes';
import { secretsModule } from './secrets/secrets.routes';

/** What every feature module receives: explicit dependencies, no globals. */
export interface ModuleDeps {
  db: Db;
  database: Database;
  config: Config;
  logger: Logger;
  sessions: SessionManager;
  kube: KubeConnection | null;
  services: PlatformServices;
  /** Resolves hosts to white-label clients; invalidate it when domains change. */
  clients: ClientResolver;
}

export type FeatureModule = (app: App, deps: ModuleDeps) => Promise<void>;

/**
 * The feature modules of the API, registered in this order. A module is
 * `modules/<domain>/<domain>.routes.ts` exporting a FeatureModule; add it here.
 */
export const featureModules: FeatureModule[] = [
  auditModule,
  orgsModule,
  teamsModule,
  membersModule,
  invitationsModule,
  oauthModule,
  apiKeysModule,
  clientsModule,
  templatesModule,
  deploymentsModule,
  secretsModule,
];
