// Who is signed in and what they may do, as answered by /api/auth/login and /api/me.
import { createContext, useContext } from 'react';
import type { SessionBody } from '../../src/protocol/bodies.ts';

export type Session = SessionBody;

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}
