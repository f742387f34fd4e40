import { createContext, useContext } from 'react';
import type { Me } from '@k8s-scheduler/contracts';

/** The signed-in user, provided by RequireAuth to everything inside the signed-in area. */
export const MeContext = createContext<Me | null>(null);

/** The signed-in user; only valid below RequireAuth (which renders nothing signed-in without one). */
export function useSignedInUser(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useSignedInUser used outside RequireAuth');
  return me;
}
