import * as oidc from 'openid-client';
import type { Config } from '@k8s-scheduler/config';

export type ProviderName = 'google' | 'oidc';

export interface ProviderSettings {
  name: ProviderName;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
}

/** The configured sign-in providers: Google (fixed issuer) and one generic OIDC provider. */
export function providerSettings(config: Config): Partial<Record<ProviderName, ProviderSettings>> {
  const out: Partial<Record<ProviderName, ProviderSettings>> = {};
  if (config.auth.google) {
    out.google = {
      name: 'google',
      issuer: 'https://accounts.google.com',
      clientId: config.auth.google.clientId,
      clientSecret: config.auth.google.clientSecret,
    };
  }
  if (config.auth.oidc) {
    out.oidc = {
      name: 'oidc',
      issuer: config.auth.oidc.issuer,
      clientId: config.auth.oidc.clientId,
      clientSecret: config.auth.oidc.clientSecret,
    };
  }
  return out;
}

/** Plain-http issuers are allowed only on loopback (a local test provider), never elsewhere. */
export function isLoopbackHttp(issuer: URL) {
  return issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
}

/**
 * Discovers providers lazily and caches the result; a failed discovery is retried at the next
 * sign-in instead of being cached.
 */
export function createProviderRegistry(settings: Partial<Record<ProviderName, ProviderSettings>>) {
  const cache = new Map<ProviderName, Promise<oidc.Configuration>>();
  return {
    has(name: ProviderName) {
      return settings[name] !== undefined;
    },
    async get(name: ProviderName): Promise<oidc.Configuration> {
      const s = settings[name];
      if (!s) throw new Error(`provider ${name} is not configured`);
      let p = cache.get(name);
      if (!p) {
        const issuer = new URL(s.issuer);
        p = oidc.discovery(
          issuer,
          s.clientId,
          s.clientSecret ? { client_secret: s.clientSecret } : undefined,
          s.clientSecret ? oidc.ClientSecretPost(s.clientSecret) : oidc.None(),
          { ...(isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}), timeout: 10 },
        );
        cache.set(name, p);
        p.catch(() => cache.delete(name));
      }
      return p;
    },
  };
}
export type ProviderRegistry = ReturnType<typeof createProviderRegistry>;
