import type { Permission } from '../permissions';
import type { Policy } from '../policy';

/** What the API key policy needs to know of a key (or of a user's set of keys). */
export interface ApiKeyFacts {
  /** The key's owner. */
  userId: string;
}

/** The permissions reported as `abilities` on an API key. */
export const API_KEY_PERMISSIONS: readonly Permission[] = ['apikeys:manage'];

/**
 * A key is its owner's alone: anyone else — platform admins included — does not know it exists
 * (404). Managing keys needs a session: `apikeys:manage` has no API key scope, so a leaked key can
 * neither mint nor revoke keys (403).
 */
export const apiKeyPolicy: Policy<ApiKeyFacts> = {
  resource: 'api key',
  notFound: 'The API key does not exist or you cannot see it.',
  visible: (subject, key) => key.userId === subject.userId,
  scope: () => ({}),
  abilities: API_KEY_PERMISSIONS,
};

/** A user's own keys as one resource: what listing, creating (and, first, revoking) keys are guarded on. */
export const ownApiKeys = (userId: string): ApiKeyFacts => ({ userId });
