import { createContext, useContext } from 'react';

export type Role = 'admin' | 'analyst' | 'unit_manager';

export interface Me {
  id: number;
  email: string;
  displayName: string;
  mustChangePassword: boolean;
  roles: Array<{ role: Role; unitId: number | null }>;
  csrfToken: string;
}

export const SessionContext = createContext<{ me: Me; refresh: () => Promise<void> } | null>(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}

export function hasAnyRole(me: Me, roles: readonly Role[]): boolean {
  return me.roles.some((r) => roles.includes(r.role));
}
