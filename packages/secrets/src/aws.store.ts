import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { remotePathOf, scopeOf } from './secret.paths';
import type { SecretStore, StoreLocator } from './secret.store';

export interface AwsStoreOptions {
  region: string;
  /** Endpoint override (moto, LocalStack); unset = the regional AWS endpoint. */
  endpoint?: string | undefined;
  /** Static credentials; unset = the SDK default chain (IRSA, instance profile, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  kmsKeyId?: string | undefined;
  pathPrefix: string;
}

const errorName = (err: unknown): string => (err instanceof Error ? err.name : '');

/**
 * Why an AWS call failed, without the SDK's message (which may echo request fields). The SDK error
 * name and HTTP status are enough to act on.
 */
export class AwsSecretsError extends Error {
  override name = 'AwsSecretsError';
}

function wrap(err: unknown, what: string): never {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  throw new AwsSecretsError(
    `AWS Secrets Manager: ${what} failed (${errorName(err) || 'error'}${status ? `, HTTP ${status}` : ''})`,
  );
}

/**
 * AWS Secrets Manager. One secret per scope (names in `secret.paths.ts`) whose SecretString is a
 * JSON object of the scope's keys. Secrets Manager has no compare-and-set, so writes to one scope
 * are serialised in this process; across replicas the last writer of a scope wins for that write.
 */
export function createAwsStore(options: AwsStoreOptions): SecretStore {
  const client = new SecretsManagerClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 3,
  });
  const chains = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier write of the same secret name (per-name mutex). */
  const serialised = <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const previous = chains.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    chains.set(name, tail);
    void tail.then(() => {
      if (chains.get(name) === tail) chains.delete(name);
    });
    return next;
  };

  const nameOf = (locator: StoreLocator) => remotePathOf(options.pathPrefix, scopeOf(locator));

  const read = async (name: string): Promise<Record<string, string> | null> => {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: name }));
      if (!out.SecretString) return {};
      const parsed: unknown = JSON.parse(out.SecretString);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new AwsSecretsError(`AWS Secrets Manager: ${name} does not hold a JSON object`);
      }
      return Object.fromEntries(
        Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    } catch (err) {
      if (errorName(err) === 'ResourceNotFoundException') return null;
      if (err instanceof AwsSecretsError) throw err;
      if (err instanceof SyntaxError)
        throw new AwsSecretsError(`AWS Secrets Manager: ${name} does not hold valid JSON`);
      return wrap(err, `reading ${name}`);
    }
  };

  const write = async (name: string, data: Record<string, string>, exists: boolean): Promise<void> => {
    const SecretString = JSON.stringify(data);
    try {
      if (exists) await client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
      else {
        await client.send(
          new CreateSecretCommand({
            Name: name,
            SecretString,
            Description: 'k8s-scheduler secrets (one scope; keys are the JSON fields)',
            ...(options.kmsKeyId ? { KmsKeyId: options.kmsKeyId } : {}),
            Tags: [{ Key: 'managed-by', Value: 'k8s-scheduler' }],
          }),
        );
      }
    } catch (err) {
      // Another replica created it first: write over it as an update.
      if (!exists && errorName(err) === 'ResourceExistsException') return write(name, data, true);
      wrap(err, `writing ${name}`);
    }
  };

  return {
    kind: 'aws',
    put(locator, value) {
      const name = nameOf(locator);
      return serialised(name, async () => {
        const current = await read(name);
        await write(name, { ...(current ?? {}), [locator.key]: value }, current !== null);
      });
    },
    async get(locator) {
      const doc = await read(nameOf(locator));
      return doc?.[locator.key] ?? null;
    },
    delete(locator) {
      const name = nameOf(locator);
      return serialised(name, async () => {
        const current = await read(name);
        if (!current || !Object.hasOwn(current, locator.key)) return;
        delete current[locator.key];
        if (Object.keys(current).length > 0) return write(name, current, true);
        try {
          // The scope's last key: remove the secret now rather than after a recovery window.
          await client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
        } catch (err) {
          if (errorName(err) !== 'ResourceNotFoundException') wrap(err, `deleting ${name}`);
        }
      });
    },
    async ping() {
      // A name under our prefix that never exists: "not found" proves endpoint, credentials and policy.
      try {
        await client.send(new DescribeSecretCommand({ SecretId: `${options.pathPrefix}health-check` }));
      } catch (err) {
        if (errorName(err) !== 'ResourceNotFoundException') wrap(err, 'health check');
      }
    },
    async close() {
      client.destroy();
    },
  };
}
