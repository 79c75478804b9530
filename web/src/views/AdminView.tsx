// Admin console: accounts, agencies, stations, units, GPS trackers and desks (each change a command in the log), the
// access log of personal data, the control room as the supervisor sees it, and the SOP editor.
import { lazy, Suspense, useState } from 'react';
import { type MessageKey, useI18n } from '../i18n.ts';
import { AccessLogPanel } from './admin/AccessLogPanel.tsx';
import { AccountsPanel } from './admin/AccountsPanel.tsx';
import { DesksPanel } from './admin/DesksPanel.tsx';
import { DevicesPanel } from './admin/DevicesPanel.tsx';
import { AgenciesPanel, StationsPanel, UnitsAdminPanel } from './admin/ReferencePanels.tsx';
import './admin/admin.css';

// The control room (its map, the dispatcher's parts) and the SOP editor are downloaded when their tab is opened.
const SupervisorView = lazy(() =>
  import('./SupervisorView.tsx').then((m) => ({ default: m.SupervisorView })),
);
const SopAdminView = lazy(() => import('./SopAdminView.tsx').then((m) => ({ default: m.SopAdminView })));

const TABS = {
  users: { label: 'adm.users', view: AccountsPanel },
  agencies: { label: 'adm.agencies', view: AgenciesPanel },
  stations: { label: 'adm.stations', view: StationsPanel },
  units: { label: 'adm.units', view: UnitsAdminPanel },
  devices: { label: 'adm.devices', view: DevicesPanel },
  desks: { label: 'adm.desks', view: DesksPanel },
  accessLog: { label: 'adm.accessLog', view: AccessLogPanel },
  room: { label: 'sv.title', view: SupervisorView },
  sop: { label: 'sop.title', view: SopAdminView },
} satisfies Record<string, { label: MessageKey; view: React.ComponentType }>;

type Tab = keyof typeof TABS;

export function AdminView() {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('users');
  const View = TABS[tab].view;
  return (
    <>
      <nav className="tabs" aria-label={t('admin.tabs')}>
        {(Object.keys(TABS) as Tab[]).map((key) => (
          <button key={key} type="button" aria-pressed={tab === key} onClick={() => setTab(key)}>
            {t(TABS[key].label)}
          </button>
        ))}
      </nav>
      <Suspense fallback={<p className="loading">{t('loading')}</p>}>
        <View />
      </Suspense>
    </>
  );
}
