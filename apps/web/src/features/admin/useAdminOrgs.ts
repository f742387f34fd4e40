import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useInvalidatingMutation } from '../../lib/useInvalidatingMutation';
import type { Tier } from './admin.api';
import { adminKeys } from './admin.keys';
import { getDedicatedNodes, listAdminOrgs, setAdminOrgTier } from './orgs.api';

/** The orgs the user administers, 50 a page, matching `q`. */
export const useAdminOrgs = (q: string) =>
  useInfiniteQuery({
    queryKey: adminKeys.orgList(q),
    queryFn: ({ pageParam }) => listAdminOrgs({ q, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useDedicatedNodes = (orgId: string) =>
  useQuery({ queryKey: adminKeys.orgNodes(orgId), queryFn: () => getDedicatedNodes(orgId) });

/** Sets a tier by hand; the list and the org's nodes are read again. */
export const useSetOrgTier = (orgId: string) =>
  useInvalidatingMutation(
    (body: { tier: Tier; reason: string }) => setAdminOrgTier(orgId, body),
    [adminKeys.orgs()],
  );
