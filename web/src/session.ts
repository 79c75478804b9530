// Who is signed in and what they may do, as answered by /api/auth/login and /api/me.
import { createContext, useContext } from 'react';
import type { Role } from '../../src/domain/types.ts';

interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
}

export interface Session {
  user: SessionUser;
  commands: string[];
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}
