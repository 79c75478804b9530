// The reports view's own route (#laporan) and the header button that opens and leaves it.
import { useEffect, useState } from 'react';
import type { Session } from '../../session.ts';
import { useWords } from './words.ts';

const HASH = '#laporan';

/** The supervisor and the admin have a reports view; an agency liaison too, of its own agency's figures. */
export const mayReport = (session: Session) =>
  session.user.role === 'supervisor' || session.user.role === 'admin' || session.user.role === 'agency';

/** Whether the reports view is open: the address ends in #laporan, for a user who may see it. */
export function useReportsRoute(session: Session): boolean {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash === HASH && mayReport(session);
}

export function ReportsLink({ open }: { open: boolean }) {
  const w = useWords();
  return (
    <a className="nav-reports" href={open ? '#' : HASH} aria-current={open ? 'page' : undefined}>
      {open ? w('nav.back') : w('nav.reports')}
    </a>
  );
}
