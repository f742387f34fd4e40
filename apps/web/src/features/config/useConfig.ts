import { useQuery } from '@tanstack/react-query';
import type { Branding } from '@k8s-scheduler/contracts';
import { defaultBranding } from '../../lib/branding';
import { fetchPublicConfig } from './config.api';
import { configKeys } from './config.keys';

/** Public settings (dev mode, branding, sign-in providers). Rarely changes: cached for the session. */
export function useConfig() {
  return useQuery({
    queryKey: configKeys.public(),
    queryFn: ({ signal }) => fetchPublicConfig(signal),
    staleTime: Infinity,
  });
}

/** Branding from the config, or the product's own while it loads or when it cannot be fetched. */
export function useBranding(): Branding {
  const { data } = useConfig();
  return data?.branding ?? defaultBranding;
}
