import { createContext, useContext } from 'react';
import type { TRole } from '../../../domain/contract/roles.js';
import type { TMe } from '../../../domain/contract/session.js';

export type Me = TMe;

export interface Session {
  me: Me;
  refresh: () => Promise<void>;
  /** The admin paths this user may open (e.g. '/review'), so a screen links only to pages that exist for them. */
  paths?: readonly string[];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}

export function hasAnyRole(me: Me, roles: readonly TRole[]): boolean {
  return me.roles.some((r) => roles.includes(r.role));
}
