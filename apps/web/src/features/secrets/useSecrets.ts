import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteSecret, getEffectiveEnvironment, listSecrets, putSecret } from './secrets.api';
import { secretsKeys } from './secrets.scope';
import type { SecretScope } from './secrets.scope';

export const useSecretList = (scope: SecretScope) =>
  useQuery({ queryKey: secretsKeys.list(scope), queryFn: ({ signal }) => listSecrets(scope, signal) });

export const useEffectiveEnvironment = (deploymentId: string, service: string) =>
  useQuery({
    queryKey: secretsKeys.environment(deploymentId, service),
    queryFn: ({ signal }) => getEffectiveEnvironment(deploymentId, service, signal),
  });

/** After a write the scope's list and every effective environment (a key may shadow another) are stale. */
function useSecretInvalidation(scope: SecretScope) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: secretsKeys.list(scope) }),
      queryClient.invalidateQueries({ queryKey: secretsKeys.environments() }),
    ]);
}

export function usePutSecret(scope: SecretScope) {
  const invalidate = useSecretInvalidation(scope);
  return useMutation({
    mutationFn: ({ key, value }: { key: string; value: string }) => putSecret(scope, key, value),
    onSuccess: invalidate,
  });
}

export function useDeleteSecret(scope: SecretScope) {
  const invalidate = useSecretInvalidation(scope);
  return useMutation({ mutationFn: (key: string) => deleteSecret(scope, key), onSuccess: invalidate });
}
