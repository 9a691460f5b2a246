import { createContext, useContext } from 'react';
import type { TRole } from '../../../domain/contract/roles.js';
import type { TMe } from '../../../domain/contract/session.js';

export type Me = TMe;

export const SessionContext = createContext<{ me: Me; refresh: () => Promise<void> } | null>(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}

export function hasAnyRole(me: Me, roles: readonly TRole[]): boolean {
  return me.roles.some((r) => roles.includes(r.role));
}
