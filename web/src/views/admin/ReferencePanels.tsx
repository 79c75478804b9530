// The admin's reference data screens: agencies, stations and units, each listed with a form that creates a new one
// or, once a row is chosen, changes it; every change is a command (agency.*, station.*, unit.*) and an event.
import type { FormEvent, ReactNode } from 'react';
import type { CommandPayload, CommandType } from '../../../../src/domain/commands.ts';
import { unitKind } from '../../describe.ts';
import { FieldError } from '../../errors.tsx';
import { useAction } from '../../hooks.ts';
import { type MessageKey, useI18n } from '../../i18n.ts';
import { useLive } from '../../live.ts';
import { AdminForm, AdminScreen, AdminTable, useRowForm } from './AdminForm.tsx';

type Fields = Record<string, string>;

interface FieldSpec {
  name: string;
  label: MessageKey;
  /** Choices for a select: value → text. */
  options?: [string, string][];
  /** Shown only when creating (an id or agency cannot change). */
  createOnly?: boolean;
}

/** Only the fields that differ from the row being edited, numbers as numbers. */
function changedFields(values: Fields, before: Fields, numeric: string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v.trim() === (before[k] ?? '')) continue;
    out[k] = numeric.includes(k) ? Number(v) : v.trim();
  }
  return out;
}

/** One list + form screen: a table of rows, a form that creates, or edits the chosen row. */
function Editor<C extends CommandType, U extends CommandType>({
  title,
  testId,
  headers,
  rows,
  fields,
  empty,
  create,
  update,
}: {
  title: MessageKey;
  testId: string;
  headers: MessageKey[];
  rows: { id: string; cells: ReactNode[]; values: Fields }[];
  fields: FieldSpec[];
  empty: Fields;
  create: { type: C; payload: (v: Fields) => CommandPayload<C> };
  update: { type: U; payload: (id: string, changes: Record<string, string | number>) => CommandPayload<U> };
}) {
  const { t } = useI18n();
  const action = useAction();
  const { editing, values, setValues, saved, choose, save } = useRowForm<Fields>(
    empty,
    (id) => rows.find((r) => r.id === id)?.values,
  );
  const before = rows.find((r) => r.id === editing)?.values ?? empty;
  const numeric = ['lat', 'lon'];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return save(() =>
      editing
        ? action.run(update.type, update.payload(editing, changedFields(values, before, numeric)))
        : action.run(create.type, create.payload(values)),
    );
  };
  return (
    <AdminScreen
      id={`${testId}-title`}
      title={t(title)}
      form={
        <AdminForm
          label={editing ? t('adm.edit') : t(title)}
          heading={editing ? `${t('adm.edit')}: ${editing}` : t(title)}
          action={action}
          onSubmit={submit}
          submitLabel={t('adm.create')}
          fields={fields.map((f) => f.name)}
          saved={saved}
          onCancel={editing ? () => choose(null) : undefined}
        >
          {fields
            .filter((f) => !(editing && f.createOnly))
            .map((f) => (
              <label key={f.name} htmlFor={`${testId}-${f.name}`}>
                {t(f.label)}
                {f.options ? (
                  <select
                    id={`${testId}-${f.name}`}
                    name={f.name}
                    value={values[f.name] ?? ''}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  >
                    {f.options.map(([value, text]) => (
                      <option key={value} value={value}>
                        {text}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={`${testId}-${f.name}`}
                    name={f.name}
                    value={values[f.name] ?? ''}
                    inputMode={numeric.includes(f.name) ? 'decimal' : undefined}
                    onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                  />
                )}
                <FieldError error={action.error} field={f.name} />
              </label>
            ))}
        </AdminForm>
      }
    >
      <AdminTable testId={testId} headers={headers.map((h) => t(h))} buttons>
        {rows.map((r) => (
          <tr key={r.id} aria-selected={r.id === editing}>
            {r.cells.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the columns are fixed
              <td key={i}>{c}</td>
            ))}
            <td>
              <button type="button" onClick={() => choose(r.id)}>
                {t('adm.edit')}
              </button>
            </td>
          </tr>
        ))}
      </AdminTable>
    </AdminScreen>
  );
}

export function AgenciesPanel() {
  const store = useLive();
  const agencies = [...store.state.ref.agencies.values()];
  return (
    <Editor
      title="adm.agencies"
      testId="agencies"
      headers={['adm.id', 'adm.code', 'adm.name']}
      rows={agencies.map((a) => ({
        id: a.id,
        cells: [a.id, a.code, a.name],
        values: { id: a.id, code: a.code, name: a.name },
      }))}
      fields={[
        { name: 'id', label: 'adm.id', createOnly: true },
        { name: 'code', label: 'adm.code' },
        { name: 'name', label: 'adm.name' },
      ]}
      empty={{ id: '', code: '', name: '' }}
      create={{
        type: 'agency.create',
        payload: (v) => ({ id: v.id!.trim(), code: v.code!.trim(), name: v.name!.trim() }),
      }}
      update={{ type: 'agency.update', payload: (agencyId, c) => ({ agencyId, ...c }) }}
    />
  );
}

export function StationsPanel() {
  const { t } = useI18n();
  const store = useLive();
  const { agencies, stations, kecamatan } = store.state.ref;
  const agencyOptions: [string, string][] = [
    ['', t('adm.choose')],
    ...[...agencies.values()].map((a): [string, string] => [a.id, `${a.code} · ${a.name}`]),
  ];
  const kecamatanOptions: [string, string][] = [
    ['', t('adm.choose')],
    ...[...kecamatan.values()].map((k): [string, string] => [k.code, k.name]),
  ];
  return (
    <Editor
      title="adm.stations"
      testId="stations"
      headers={['adm.agency', 'adm.name', 'adm.kecamatan', 'adm.lat', 'adm.lon']}
      rows={[...stations.values()].map((s) => ({
        id: s.id,
        cells: [
          agencies.get(s.agencyId)?.code ?? s.agencyId,
          s.name,
          kecamatan.get(s.kecamatan)?.name ?? s.kecamatan,
          s.lat.toFixed(5),
          s.lon.toFixed(5),
        ],
        values: { name: s.name, kecamatan: s.kecamatan, lat: String(s.lat), lon: String(s.lon) },
      }))}
      fields={[
        { name: 'agencyId', label: 'adm.agency', options: agencyOptions, createOnly: true },
        { name: 'name', label: 'adm.name' },
        { name: 'kecamatan', label: 'adm.kecamatan', options: kecamatanOptions },
        { name: 'lat', label: 'adm.lat' },
        { name: 'lon', label: 'adm.lon' },
      ]}
      empty={{ agencyId: '', name: '', kecamatan: '', lat: '', lon: '' }}
      create={{
        type: 'station.create',
        payload: (v) => ({
          agencyId: v.agencyId!,
          name: v.name!.trim(),
          kecamatan: v.kecamatan!,
          lat: Number(v.lat),
          lon: Number(v.lon),
        }),
      }}
      update={{ type: 'station.update', payload: (stationId, c) => ({ stationId, ...c }) }}
    />
  );
}

export function UnitsAdminPanel() {
  const { t } = useI18n();
  const store = useLive();
  const { agencies, stations } = store.state.ref;
  const agencyOptions: [string, string][] = [
    ['', t('adm.choose')],
    ...[...agencies.values()].map((a): [string, string] => [a.id, `${a.code} · ${a.name}`]),
  ];
  const stationOptions: [string, string][] = [
    ['', t('adm.none')],
    ...[...stations.values()].map((s): [string, string] => [
      s.id,
      `${agencies.get(s.agencyId)?.code ?? s.agencyId} · ${s.name}`,
    ]),
  ];
  const units = [...store.state.units.values()].sort((a, b) => a.callsign.localeCompare(b.callsign));
  return (
    <Editor
      title="adm.units"
      testId="units-admin"
      headers={['adm.callsign', 'adm.agency', 'adm.station', 'adm.kind', 'adm.status']}
      rows={units.map((u) => ({
        id: u.id,
        cells: [
          u.callsign,
          agencies.get(u.agencyId)?.code ?? u.agencyId,
          (u.stationId && stations.get(u.stationId)?.name) || '',
          // The kind in words, its code beside it: the code is what the form and the SOP's run card take.
          unitKind(u.kind, t) === u.kind ? (
            u.kind
          ) : (
            <>
              {unitKind(u.kind, t)} <small className="muted">{u.kind}</small>
            </>
          ),
          t(`unit.${u.status}`),
        ],
        values: { callsign: u.callsign, kind: u.kind, stationId: u.stationId ?? '' },
      }))}
      fields={[
        { name: 'agencyId', label: 'adm.agency', options: agencyOptions, createOnly: true },
        { name: 'callsign', label: 'adm.callsign' },
        { name: 'kind', label: 'adm.kind' },
        { name: 'stationId', label: 'adm.station', options: stationOptions },
      ]}
      empty={{ agencyId: '', callsign: '', kind: '', stationId: '' }}
      create={{
        type: 'unit.create',
        payload: (v) => ({
          agencyId: v.agencyId!,
          callsign: v.callsign!.trim(),
          kind: v.kind!.trim(),
          stationId: v.stationId || null,
        }),
      }}
      update={{
        type: 'unit.update',
        payload: (unitId, c) => ({
          unitId,
          ...c,
          ...(c.stationId === '' ? { stationId: null } : {}),
        }),
      }}
    />
  );
}
