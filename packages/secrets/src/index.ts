/**
 * @k8s-scheduler/secrets — what the server and the operator share about secrets: the operator's
 * read path (`SecretSource`), the store interface and its locators/paths, the built-in store's
 * keyring, and the external stores (Vault KV v2, AWS Secrets Manager). The built-in store itself
 * (AES-GCM values in the platform database) stays in the server's secrets module, next to the tables
 * it owns.
 */
export type {
  ClientSecretLocator,
  SecretLocator,
  SecretStore,
  SecretTier,
  StoreLocator,
} from './secret.store';
export {
  remotePathOf,
  scopeOf,
  type ClientSecretScope,
  type SecretScope,
  type StoreScope,
} from './secret.paths';
export { KEY_FILE_NAME, keyIdOf, keyringFrom, loadOrCreateKeyFile, type Keyring } from './builtin.keys';
export { AwsSecretsError, createAwsStore, type AwsStoreOptions } from './aws.store';
export { createVaultStore, VaultError, type VaultStoreOptions } from './vault.store';
export type { SecretSource, SecretSourceRef } from './secret.source';
