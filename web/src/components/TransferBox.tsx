// "Alihkan panggilan": pass the call in hand to a free desk, the supervisor or a configured outside number (agencies,
// neighbouring regencies' 112) with one select and one button; the call's own hints put the right target first.
import { useContext, useState } from 'react';
import { suggestTransferTargets } from '../../../src/domain/acd/transfer-targets.ts';
import type { TelephonyState } from '../../../src/domain/acd/types.ts';
import { isOutsideHome } from '../../../src/geo/place.ts';
import { FormError } from '../errors.tsx';
import { useGeo } from '../geo.ts';
import { useAction } from '../hooks.ts';
import { type Lang, useI18n } from '../i18n.ts';
import { MapConfigContext } from '../map-config.ts';

const WORDS: Record<Lang, Record<string, string>> = {
  id: {
    transfer: 'Alihkan panggilan',
    transferTo: 'Tujuan',
    transferChoose: '— pilih tujuan —',
    transferSubmit: 'Alihkan',
    suggested: 'Disarankan',
    desks: 'Meja lain yang siap',
    outside: 'Supervisor dan nomor luar',
    unset: 'nomor belum diatur',
    transferring:
      'Mengalihkan ke {desk}: telepon tujuan berdering. Penelepon tetap tersambung dengan Anda sampai tujuan menjawab.',
    transferFailed: '{desk} tidak menerima panggilan (kode {code}); panggilan tetap pada Anda.',
  },
  en: {
    transfer: 'Transfer the call',
    transferTo: 'Target',
    transferChoose: '— choose a target —',
    transferSubmit: 'Transfer',
    suggested: 'Suggested',
    desks: 'Other free desks',
    outside: 'Supervisor and outside numbers',
    unset: 'number not set',
    transferring:
      'Transferring to {desk}: the target’s phone is ringing. The caller stays connected to you until it answers.',
    transferFailed: '{desk} did not take the call (code {code}); the call stays with you.',
  },
};

/** A desk as the call taker knows it: the admin's name for it, else its id, with its extension. */
function deskLabel(telephony: TelephonyState, positionId: string): string {
  const desk = telephony.desks.get(positionId);
  const position = telephony.positions.get(positionId);
  const extension = desk?.extension ?? position?.extension;
  return `${desk?.name ?? positionId}${extension ? ` · ${extension}` : ''}`;
}

/**
 * The switch rings the target and moves the caller only once it answers, so the caller is never dropped; a target
 * that does not answer leaves the call here. `category` is the incident category chosen for the call, if any.
 */
export function TransferBox({
  telephony,
  positionId,
  sipCallId,
  category,
}: {
  telephony: TelephonyState;
  positionId: string;
  sipCallId: string;
  category: string | null;
}) {
  const { lang } = useI18n();
  const w = WORDS[lang];
  const action = useAction();
  const geo = useGeo();
  const targets = useContext(MapConfigContext).transferTargets ?? [];
  const call = telephony.calls.get(sipCallId);
  const place = call?.location && geo ? geo.locator.locate(call.location.lat, call.location.lon) : null;
  const suggested = suggestTransferTargets(
    targets.filter((t) => t.dialable),
    {
      category,
      outsideRegency: place && isOutsideHome(place) && place.kind !== 'home' ? place.regency.code : null,
    },
  ).map((t) => `target:${t.id}`);
  const free = [...telephony.positions.values()]
    .filter((p) => p.id !== positionId && p.state === 'available')
    .sort((a, b) => a.id.localeCompare(b.id));
  const choices = [
    ...free.map((p) => `desk:${p.id}`),
    ...targets.filter((t) => t.dialable || t.kind === 'supervisor').map((t) => `target:${t.id}`),
  ];
  const [picked, setPicked] = useState<string | null>(null);
  // Until the call taker picks, the best suggestion is the choice: one key (Enter on "Alihkan") passes it on.
  const chosen = picked !== null && choices.includes(picked) ? picked : (suggested[0] ?? '');
  const label = (value: string) => {
    const [kind, id = ''] = value.split(/:(.*)/s);
    return kind === 'desk' ? deskLabel(telephony, id) : (targets.find((t) => t.id === id)?.name ?? id);
  };

  const under = call?.transferTo
    ? deskLabel(telephony, call.transferTo)
    : call?.transferOut
      ? call.transferOut.name
      : null;
  if (under !== null)
    return (
      <p role="status" data-testid="transfer-state">
        {w.transferring!.replace('{desk}', under)}
      </p>
    );
  const failed = call?.transferFailed;
  const send = () => {
    const [kind, id = ''] = chosen.split(/:(.*)/s);
    if (kind === 'desk') void action.run('telephony.transfer', { sipCallId, toPositionId: id });
    else void action.run('telephony.transfer_out', { sipCallId, targetId: id });
  };
  return (
    <fieldset className="transfer">
      <legend>{w.transfer}</legend>
      {failed && (
        <p role="status" className="not-acked" data-testid="transfer-state">
          {w
            .transferFailed!.replace(
              '{desk}',
              failed.positionId ? deskLabel(telephony, failed.positionId) : (failed.name ?? ''),
            )
            .replace('{code}', String(failed.code ?? '—'))}
        </p>
      )}
      <label>
        {w.transferTo}
        <select name="transferTo" value={chosen} onChange={(e) => setPicked(e.target.value)}>
          <option value="">{w.transferChoose}</option>
          {suggested.length > 0 && (
            <optgroup label={w.suggested}>
              {suggested.map((v) => (
                <option key={v} value={v}>
                  {label(v)}
                </option>
              ))}
            </optgroup>
          )}
          {free.length > 0 && (
            <optgroup label={w.desks}>
              {free.map((p) => (
                <option key={p.id} value={`desk:${p.id}`}>
                  {deskLabel(telephony, p.id)}
                </option>
              ))}
            </optgroup>
          )}
          {targets.length > 0 && (
            <optgroup label={w.outside}>
              {targets
                .filter((t) => !suggested.includes(`target:${t.id}`))
                .map((t) => {
                  const selectable = choices.includes(`target:${t.id}`);
                  return (
                    <option key={t.id} value={`target:${t.id}`} disabled={!selectable}>
                      {t.name}
                      {selectable ? '' : ` (${w.unset})`}
                    </option>
                  );
                })}
            </optgroup>
          )}
        </select>
      </label>
      <button type="button" disabled={action.busy || chosen === ''} onClick={send}>
        {w.transferSubmit}
      </button>
      <FormError error={action.error} />
    </fieldset>
  );
}
