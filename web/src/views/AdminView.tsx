// Admin console: the control room as the supervisor sees it, and the SOP editor.
import { useState } from 'react';
import { useI18n } from '../i18n.ts';
import { SopAdminView } from './SopAdminView.tsx';
import { SupervisorView } from './SupervisorView.tsx';

type Tab = 'room' | 'sop';

export function AdminView() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('room');
  return (
    <>
      <nav className="tabs" aria-label={t('admin.tabs')}>
        <button type="button" aria-pressed={tab === 'room'} onClick={() => setTab('room')}>
          {t('sv.title')}
        </button>
        <button type="button" aria-pressed={tab === 'sop'} onClick={() => setTab('sop')}>
          {t('sop.title')}
        </button>
      </nav>
      {tab === 'room' ? <SupervisorView /> : <SopAdminView />}
    </>
  );
}
