// The admin's GPS trackers: which device reports for which unit; registering one shows its new secret once,
// revoking one refuses its reports from then on (device.register / device.revoke, events in the log).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { DevicesBody } from '../../../../src/protocol/bodies.ts';
import { getJson } from '../../api.ts';
import { FieldError, FormError } from '../../errors.tsx';
import { formatDateTime } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { ctrlEnterSubmits } from './form-keys.ts';

export function DevicesPanel() {
  const { t, lang } = useI18n();
  const store = useLive();
  const action = useAction();
  const [devices, setDevices] = useState<DevicesBody | null>(null);
  const [deviceId, setDeviceId] = useState('');
  const [unitId, setUnitId] = useState('');
  const [shown, setShown] = useState<{ device: string; secret: string } | null>(null);
  const refresh = useCallback(() => {
    getJson<DevicesBody>('/api/admin/devices').then(setDevices, () => setDevices([]));
  }, []);
  useEffect(refresh, [refresh]);
  const units = [...store.state.units.values()].sort((a, b) => a.callsign.localeCompare(b.callsign));
  const callsign = (id: string) => store.state.units.get(id)?.callsign ?? id;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const id = deviceId.trim();
    const result = await action.run('device.register', { deviceId: id, unitId });
    if (typeof result?.secret === 'string') {
      setShown({ device: id, secret: result.secret });
      setDeviceId('');
    }
    refresh();
  };
  const revoke = async (id: string) => {
    await action.run('device.revoke', { deviceId: id });
    refresh();
  };
  const url = `${window.location.origin}/api/avl/osmand`;

  return (
    <div className="admin-grid">
      <section className="panel" aria-labelledby="adm-devices">
        <h2 id="adm-devices">{t('adm.devices')}</h2>
        {shown && (
          <div className="notice secret" role="status" data-testid="device-secret">
            <strong>{t('adm.deviceSecret', { device: shown.device, secret: shown.secret })}</strong>
            <p>{t('adm.deviceSecret.once', { url })}</p>
          </div>
        )}
        {!devices ? (
          <p className="loading">{t('loading')}</p>
        ) : (
          <table className="admin-table" data-testid="devices">
            <thead>
              <tr>
                <th>{t('adm.device')}</th>
                <th>{t('adm.unit')}</th>
                <th>{t('adm.registered')}</th>
                <th>{t('adm.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id} data-device={d.id}>
                  <td>{d.id}</td>
                  <td>{callsign(d.unitId)}</td>
                  <td>{formatDateTime(d.registeredAt, lang)}</td>
                  <td>{d.active ? t('adm.active') : t('adm.inactive')}</td>
                  <td>
                    {d.active && (
                      <button type="button" disabled={action.busy} onClick={() => revoke(d.id)}>
                        {t('adm.deviceRevoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <form
          className="admin-form"
          onSubmit={submit}
          onKeyDown={ctrlEnterSubmits}
          aria-label={t('adm.newDevice')}
        >
          <h3>{t('adm.newDevice')}</h3>
          <label>
            {t('adm.device')}
            <input name="deviceId" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} required />
            <FieldError error={action.error} field="deviceId" />
          </label>
          <label>
            {t('adm.unit')}
            <select name="unitId" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              <option value="">{t('adm.choose')}</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.callsign} · {store.state.ref.agencies.get(u.agencyId)?.code ?? u.agencyId}
                </option>
              ))}
            </select>
            <FieldError error={action.error} field="unitId" />
          </label>
          <FormError error={action.error} fields={['deviceId', 'unitId']} />
          <button type="submit" className="primary" disabled={action.busy} aria-keyshortcuts="Control+Enter">
            {t('adm.newDevice')} <kbd>Ctrl+Enter</kbd>
          </button>
        </form>
      </section>
    </div>
  );
}
