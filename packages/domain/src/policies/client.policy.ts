import { authorize } from '../authorize';
import { ForbiddenError } from '../errors';
import type { Permission } from '../permissions';
import type { Policy } from '../policy';
import type { Subject } from '../subject';

/** What the client policy needs to know of a white-label client. */
export interface ClientFacts {
  id: string;
}

/** The permissions reported as `abilities` on a client. */
export const CLIENT_PERMISSIONS: readonly Permission[] = ['client:read', 'client:update', 'client:delete'];

/**
 * Whether the subject may know the client exists: platform admins see every client, a client admin
 * its own. Anyone else gets 404, never 403 (no existence leak).
 */
export function seesClient(subject: Subject, client: ClientFacts): boolean {
  return subject.isPlatformAdmin || subject.clientAdminOf === client.id;
}

export const clientPolicy: Policy<ClientFacts> = {
  resource: 'client',
  notFound: 'The client does not exist or you cannot see it.',
  visible: seesClient,
  scope: (client) => ({ clientId: client.id }),
  abilities: CLIENT_PERMISSIONS,
};

/** Which clients a caller may list: every one, or its own. */
export type ClientListScope = { all: true } | { all: false; clientId: string };

/**
 * Guards the client list: every client for platform admins, its own for a client admin. Anyone else
 * is refused with 403 (the list is no tenant resource whose existence could leak); API keys never
 * list clients (client permissions have no API key scope).
 */
export function authorizeClientList(subject: Subject): ClientListScope {
  if (subject.isPlatformAdmin) {
    // `client:create` is what only a platform admin holds, and never through an API key.
    authorize(subject, 'client:create', {});
    return { all: true };
  }
  const own = subject.clientAdminOf;
  if (!own) throw new ForbiddenError('Only platform and client admins can list clients.', 'client:read');
  authorize(subject, 'client:read', { clientId: own });
  return { all: false, clientId: own };
}
