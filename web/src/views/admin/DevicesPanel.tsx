// The admin's GPS trackers: which device reports for which unit; registering one shows its new secret once,
// revoking one refuses its reports from then on (device.register / device.revoke, events in the log).
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { DevicesBody } from '../../../../src/protocol/bodies.ts';
import { getJson } from '../../api.ts';
import { FieldError } from '../../errors.tsx';
import { formatDateTime } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { AdminForm, AdminScreen, AdminTable, UnitField } from './AdminForm.tsx';

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
    <AdminScreen
      id="adm-devices"
      title={t('adm.devices')}
      form={
        <AdminForm
          label={t('adm.newDevice')}
          action={action}
          onSubmit={submit}
          submitLabel={t('adm.newDevice')}
          fields={['deviceId', 'unitId']}
        >
          <label>
            {t('adm.device')}
            <input name="deviceId" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} required />
            <FieldError error={action.error} field="deviceId" />
          </label>
          <UnitField value={unitId} onChange={setUnitId} error={action.error} />
        </AdminForm>
      }
    >
      {shown && (
        <div className="notice secret" role="status" data-testid="device-secret">
          <strong>{t('adm.deviceSecret', { device: shown.device, secret: shown.secret })}</strong>
          <p>{t('adm.deviceSecret.once', { url })}</p>
        </div>
      )}
      {!devices ? (
        <p className="loading">{t('loading')}</p>
      ) : (
        <AdminTable
          testId="devices"
          headers={[t('adm.device'), t('adm.unit'), t('adm.registered'), t('adm.status')]}
          buttons
        >
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
        </AdminTable>
      )}
    </AdminScreen>
  );
}
