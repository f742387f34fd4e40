import type { Logger } from 'pino';
import type { Config } from '@k8s-scheduler/config';
import type { Db } from '../../db/database';
import {
  createAwsStore,
  keyringFrom,
  loadOrCreateKeyFile,
  type SecretStore,
  createVaultStore,
} from '@k8s-scheduler/secrets';
import { createBuiltinStore } from './builtin.store';

/**
 * The secret store chosen by `SECRET_STORE`. The built-in store takes its key from
 * `SECRETS_ENCRYPTION_KEY`; outside production, without one, it generates `DATA_DIR/secrets.key`
 * (0600) once and reuses it. Production without a key never gets here (the config refuses it).
 */
export async function createSecretStore(ctx: {
  config: Config;
  db: Db;
  logger: Logger;
}): Promise<SecretStore> {
  const { config, db, logger } = ctx;
  const s = config.secrets;
  if (s.store === 'vault') {
    if (!s.vault) throw new Error('SECRET_STORE=vault needs VAULT_ADDR');
    logger.info(
      { address: s.vault.address, mount: s.vault.kvMount, auth: s.vault.token ? 'token' : 'kubernetes' },
      'secret store: Vault KV v2',
    );
    return createVaultStore({ ...s.vault, pathPrefix: s.pathPrefix });
  }
  if (s.store === 'aws') {
    if (!s.aws) throw new Error('SECRET_STORE=aws needs AWS_REGION');
    logger.info(
      { region: s.aws.region, endpoint: s.aws.endpoint ?? 'default' },
      'secret store: AWS Secrets Manager',
    );
    return createAwsStore({ ...s.aws, pathPrefix: s.pathPrefix });
  }
  let key = s.encryptionKey;
  if (!key) {
    if (config.production) throw new Error('SECRETS_ENCRYPTION_KEY is required in production');
    const generated = await loadOrCreateKeyFile(config.dataDir);
    if (generated.created)
      logger.warn(
        { file: generated.file },
        'generated a secrets encryption key for the built-in store; back it up, or set SECRETS_ENCRYPTION_KEY',
      );
    key = generated.key;
  }
  const keyring = keyringFrom(key, s.previousKeys);
  logger.info(
    { keyId: keyring.current.id, previousKeys: keyring.byId.size - 1 },
    'secret store: built-in (AES-256-GCM)',
  );
  const store = createBuiltinStore(db, keyring);
  if (s.previousKeys.length > 0) {
    // A rotation is under way: move every value sealed with a previous key to the current one.
    const { resealed, unknownKey } = await store.reseal();
    logger.info({ resealed, unknownKey }, 'secrets re-encrypted with the current key');
    if (unknownKey > 0)
      logger.warn(
        { unknownKey },
        'some secret values are sealed with a key that is neither current nor previous; they cannot be read',
      );
  }
  return store;
}
