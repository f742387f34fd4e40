/**
 * Where secret values live. Three implementations: the built-in encrypted store (AES-256-GCM in the
 * platform database, the embedded default), HashiCorp Vault KV v2, AWS Secrets Manager.
 * Values pass through here and nowhere else: never into a response, a log line, an event or an error.
 */

export type SecretTier = 'organization' | 'deployment' | 'service';

/** Identifies one secret value. `deploymentId` for deployment/service tiers, `serviceName` for service. */
export interface SecretLocator {
  orgId: string;
  tier: SecretTier;
  deploymentId?: string | null;
  serviceName?: string | null;
  key: string;
}

/**
 * A key owned by a white-label client rather than an org (the client's own OAuth client secrets).
 * No org, deployment or operator delivery ever reaches it.
 */
export interface ClientSecretLocator {
  tier: 'client';
  clientId: string;
  key: string;
}

/** Any key the store holds: an org's tiers, or a client's own keys. */
export type StoreLocator = SecretLocator | ClientSecretLocator;

export interface SecretStore {
  readonly kind: 'builtin' | 'vault' | 'aws';
  /** Writes (creates or replaces) a value. */
  put(locator: StoreLocator, value: string): Promise<void>;
  /**
   * Reads a value; null when absent. Only the operator's delivery path (org tiers) and the sign-in
   * flow (a client's OAuth client secret) may call this.
   */
  get(locator: StoreLocator): Promise<string | null>;
  delete(locator: StoreLocator): Promise<void>;
  /** Throws when the backing store is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
