import { useCallback, useSyncExternalStore } from 'react';
import { useSignedInUser } from '../session/meContext';
import { pickCurrentTeam } from './currentTeam';
import type { MembershipTeam } from './currentTeam';

const STORAGE_KEY = 'k8s-scheduler.currentTeam';
const listeners = new Set<() => void>();

function readStored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies); the choice then lasts for the page only.
    return memoryChoice;
  }
}
let memoryChoice: string | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** The current team of the signed-in user and a way to switch it (remembered on this device). */
export function useCurrentTeam(): { team: MembershipTeam | null; teams: MembershipTeam[]; setTeamId: (id: string) => void } {
  const me = useSignedInUser();
  const stored = useSyncExternalStore(subscribe, readStored, () => null);
  const setTeamId = useCallback((id: string) => {
    memoryChoice = id;
    try {
      window.localStorage.setItem(STORAGE_KEY, id);
    } catch {
      // Falls back to memoryChoice (see readStored).
    }
    for (const listener of listeners) listener();
  }, []);
  return { team: pickCurrentTeam(me.teams, me.currentTeamId, stored), teams: me.teams, setTeamId };
}
