import { isIP } from 'node:net';
import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type {
  ClientOAuthProvider,
  ClientOAuthProviderBody,
  ClientOAuthProviderList,
  ClientOAuthProviderName,
} from '@k8s-scheduler/contracts';
import { InvalidError, NotFoundError, abilities, authorize } from '@k8s-scheduler/domain';
import type { Db } from '../../db/database';
import { clients } from '../../db/schema';
import { recordAudit } from '../audit/audit';
import { classifyAddress } from '../oauth/oauth.egress';
import type { TrackedSecretStore } from '../secrets/secret.tracked';
import {
  DEFAULT_SCOPES,
  GOOGLE_ISSUER,
  PROVIDERS,
  clientSecretLocator,
  parseClientOAuth,
  type StoredProvider,
} from './clients.oauth.settings';
import { loadClient } from './clients.service';

function present(provider: ClientOAuthProviderName, s: StoredProvider): ClientOAuthProvider {
  return {
    provider,
    configured: true,
    issuer: s.issuer,
    clientId: s.clientId,
    displayName: s.displayName,
    scopes: s.scopes,
    clientSecret: { configured: s.secretKey !== null },
    updatedAt: s.updatedAt,
  };
}

/**
 * In production an issuer must be a public https host: the server fetches discovery and keys from
 * it, and a client admin must not point those requests at the platform's own network. A literal
 * internal address or a localhost name is refused here; names are checked again at every request
 * (oauth.egress: what they resolve to). Outside production a loopback http test provider is fine.
 */
export function checkIssuer(issuer: string, production: boolean) {
  if (!production) return;
  const u = new URL(issuer);
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const internal =
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    (isIP(host) !== 0 && classifyAddress(host) !== 'public');
  if (u.protocol !== 'https:' || internal)
    throw new InvalidError('The issuer must be a public https URL.', [
      { path: 'issuer', message: 'expected a public https URL' },
    ]);
}

/** The client's own providers (non-secret view), for client and platform admins. */
export async function listClientOAuth(
  db: Db,
  request: FastifyRequest,
  clientId: string,
): Promise<ClientOAuthProviderList> {
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:read', { clientId });
  const stored = parseClientOAuth(row.oauth);
  return {
    items: PROVIDERS.flatMap((p) => (stored[p] ? [present(p, stored[p])] : [])),
    abilities: abilities(subject, { clientId }, ['client:read', 'client:update']),
  };
}

/**
 * Sets or replaces one provider of a client. A new secret is written to the store first, then the
 * settings and the audit entry commit together; the secret itself reaches neither.
 */
export async function setClientOAuth(
  deps: { db: Db; secrets: TrackedSecretStore; production: boolean },
  request: FastifyRequest,
  clientId: string,
  provider: ClientOAuthProviderName,
  input: ClientOAuthProviderBody,
): Promise<ClientOAuthProvider> {
  const { db, secrets } = deps;
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:update', { clientId });
  if (provider === 'oidc' && !input.issuer)
    throw new InvalidError('An OpenID Connect provider needs its issuer URL.', [
      { path: 'issuer', message: 'required for oidc' },
    ]);
  if (provider === 'google' && input.issuer && input.issuer.replace(/\/$/, '') !== GOOGLE_ISSUER)
    throw new InvalidError(`Google always uses the issuer ${GOOGLE_ISSUER}.`, [
      { path: 'issuer', message: 'omit it for google' },
    ]);
  const issuer = provider === 'google' ? GOOGLE_ISSUER : (input.issuer ?? '');
  checkIssuer(issuer, deps.production);

  const locator = clientSecretLocator(row.id, provider);
  const previous = parseClientOAuth(row.oauth)[provider];
  const userId = request.auth?.user.id ?? null;
  if (typeof input.clientSecret === 'string') await secrets.write(locator, input.clientSecret, { userId });
  const keepSecret = input.clientSecret === undefined && previous?.secretKey != null;
  const stored: StoredProvider = {
    issuer,
    clientId: input.clientId,
    displayName: provider === 'oidc' ? (input.displayName ?? null) : null,
    // A form that does not send scopes keeps the custom ones set before.
    scopes: input.scopes ?? previous?.scopes ?? DEFAULT_SCOPES,
    secretKey: typeof input.clientSecret === 'string' || keepSecret ? locator.key : null,
    updatedAt: new Date().toISOString(),
  };
  await db.transaction(async (tx) => {
    // Read-modify-write of the one provider inside the transaction; the other provider is kept.
    const [current] = await tx.select({ oauth: clients.oauth }).from(clients).where(eq(clients.id, row.id));
    const next = { ...parseClientOAuth(current?.oauth), [provider]: stored };
    await tx.update(clients).set({ oauth: next, updatedAt: new Date() }).where(eq(clients.id, row.id));
    await recordAudit(tx, request, {
      orgId: null,
      action: previous ? 'client.oauth.update' : 'client.oauth.set',
      targetType: 'client',
      targetId: row.id,
      metadata: {
        provider,
        issuer,
        oauthClientId: input.clientId,
        secretChange:
          typeof input.clientSecret === 'string'
            ? 'replaced'
            : input.clientSecret === null
              ? 'removed'
              : keepSecret
                ? 'kept'
                : 'none',
      },
    });
  });
  if (input.clientSecret === null && previous?.secretKey) await secrets.remove(locator, {});
  return present(provider, stored);
}

/** Removes one provider of a client (settings and secret); the platform's providers apply again when none is left. */
export async function removeClientOAuth(
  deps: { db: Db; secrets: TrackedSecretStore },
  request: FastifyRequest,
  clientId: string,
  provider: ClientOAuthProviderName,
): Promise<void> {
  const { db, secrets } = deps;
  const { row, subject } = await loadClient(db, request, clientId);
  authorize(subject, 'client:update', { clientId });
  const previous = parseClientOAuth(row.oauth)[provider];
  if (!previous)
    throw new NotFoundError('oauth_provider', `This client has no ${provider} sign-in of its own.`);
  await db.transaction(async (tx) => {
    const [current] = await tx.select({ oauth: clients.oauth }).from(clients).where(eq(clients.id, row.id));
    const next = parseClientOAuth(current?.oauth);
    delete next[provider];
    await tx.update(clients).set({ oauth: next, updatedAt: new Date() }).where(eq(clients.id, row.id));
    await recordAudit(tx, request, {
      orgId: null,
      action: 'client.oauth.remove',
      targetType: 'client',
      targetId: row.id,
      metadata: { provider, issuer: previous.issuer },
    });
  });
  if (previous.secretKey) await secrets.remove(clientSecretLocator(row.id, provider), {});
}
