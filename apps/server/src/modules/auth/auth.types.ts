import type { UserRow } from '../users/users.repo';
import type { SessionData } from './session.store';

/** The signed-in principal of a request: the user, and how they signed in. */
export interface AuthContext {
  user: UserRow;
  via: 'session' | 'api_key';
  sessionId?: string;
  session?: SessionData;
  apiKey?: { id: string; scopes: string[] };
}
