import { createContext, useContext } from 'react';
import type { Me } from '../../../src/client/index.js';

export interface Session {
  me: Me;
  /** Whether the signed-in user holds a permission globally or in the given namespace. */
  can: (permission: string, namespace?: string) => boolean;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside the signed-in app');
  return session;
}

export function sessionOf(me: Me, signOut: () => Promise<void>): Session {
  return {
    me,
    signOut,
    can: (permission, namespace) => {
      const where = me.permissions[permission];
      if (where === undefined) return false;
      return where.includes('*') || (namespace !== undefined && where.includes(namespace));
    },
  };
}
