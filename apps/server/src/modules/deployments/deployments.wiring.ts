import type { ModuleDeps } from '../registry';
import { createTemplatesService } from '../templates/templates.service';
import { createDeploymentsService } from './deployments.service';

/**
 * The deployments service wired to the platform's secret store, outbox and templates. The
 * deployments routes serve it; the secrets routes re-render through it (the one writer of the spec).
 */
export function deploymentsServiceFor(deps: Pick<ModuleDeps, 'db' | 'config' | 'logger' | 'services'>) {
  const { db, config, logger, services } = deps;
  return createDeploymentsService({
    db,
    config,
    logger,
    secrets: () => services.secrets,
    notify: () => services.outbox?.notify(),
    kubeConnected: () => services.outbox?.connected() ?? false,
    templates: createTemplatesService({ db, logger }),
  });
}
