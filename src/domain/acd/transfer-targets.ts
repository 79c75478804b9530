// Where a call taker may pass a call outside the desks: the configured list (agencies, neighbouring regencies' 112,
// the supervisor), its default for Bulukumba, its check, and which targets a call suggests first.
import { Type } from 'typebox';

export const TRANSFER_TARGET_KINDS = [
  'supervisor',
  'regency_112',
  'police',
  'fire',
  'ambulance',
  'sar',
  'women_children',
  'other',
] as const;
type TransferTargetKind = (typeof TRANSFER_TARGET_KINDS)[number];

/** A number outside the desks a call can be passed to, dialled through the outside trunk or gateway. */
export interface TransferTarget {
  id: string;
  /** As the call taker reads it (Indonesian): "Polisi (110)". */
  name: string;
  kind: TransferTargetKind;
  /** What Kamailio dials, e.g. sip:110@10.0.0.1:5060; null while nobody has set it (shown, not selectable). */
  uri: string | null;
  /** For a regency's 112: its Kemendagri code (73.07), matched against the caller's location. */
  regencyCode?: string;
}

const TransferTargetSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    kind: Type.Enum(TRANSFER_TARGET_KINDS),
    uri: Type.Union([Type.String({ pattern: '^sips?:[^\\s<>"]+@[^\\s<>"]+$', maxLength: 200 }), Type.Null()]),
    regencyCode: Type.Optional(Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$' })),
  },
  { additionalProperties: false },
);
export const TransferTargetsSchema = Type.Array(TransferTargetSchema, { maxItems: 50 });

/** Problems of a list that passed its schema: ids must be unique, a regency's 112 must name its regency. */
export function transferTargetsProblem(targets: readonly TransferTarget[]): string | null {
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.id)) return `target id "${target.id}" is given twice`;
    seen.add(target.id);
    if (target.kind === 'regency_112' && !target.regencyCode)
      return `target "${target.id}" is a regency's 112 and needs its regencyCode (e.g. 73.07)`;
  }
  return null;
}

/**
 * Bulukumba's list: the supervisor, the three neighbouring regencies' 112 (Sinjai to the north, Bantaeng to the west,
 * Kepulauan Selayar across the strait), and the national numbers. The national numbers are dialled through `gateway`
 * (the trunk or IP-PBX, host[:port]); the supervisor's phone and the neighbours' 112 lines are local numbers nobody
 * can guess, so they stay unset (shown, not selectable) until PINISI_TRANSFER_TARGETS names them.
 */
export function defaultTransferTargets(gateway: string | null): TransferTarget[] {
  const dial = (number: string) => (gateway ? `sip:${number}@${gateway}` : null);
  return [
    { id: 'supervisor', name: 'Supervisor', kind: 'supervisor', uri: null },
    { id: 'polisi', name: 'Polisi (110)', kind: 'police', uri: dial('110') },
    { id: 'damkar', name: 'Pemadam Kebakaran (113)', kind: 'fire', uri: dial('113') },
    { id: 'ambulans', name: 'Ambulans (119)', kind: 'ambulance', uri: dial('119') },
    { id: 'basarnas', name: 'Basarnas (115)', kind: 'sar', uri: dial('115') },
    {
      id: 'sapa',
      name: 'SAPA 129 (kekerasan terhadap perempuan dan anak)',
      kind: 'women_children',
      uri: dial('129'),
    },
    { id: '112-sinjai', name: '112 Kabupaten Sinjai', kind: 'regency_112', uri: null, regencyCode: '73.07' },
    {
      id: '112-bantaeng',
      name: '112 Kabupaten Bantaeng',
      kind: 'regency_112',
      uri: null,
      regencyCode: '73.03',
    },
    {
      id: '112-selayar',
      name: '112 Kabupaten Kepulauan Selayar',
      kind: 'regency_112',
      uri: null,
      regencyCode: '73.01',
    },
  ];
}

/** Which agencies an incident category belongs to, first the one a misdirected caller most likely wanted. */
const KINDS_BY_CATEGORY: Record<string, readonly TransferTargetKind[]> = {
  kriminalitas: ['police'],
  kekerasan: ['police', 'women_children'],
  orang_hilang: ['police', 'sar'],
  kecelakaan_lalu_lintas: ['police', 'ambulance'],
  kebakaran_bangunan: ['fire'],
  kebakaran_hutan_lahan: ['fire'],
  kebakaran_kendaraan: ['fire'],
  gawat_darurat_medis: ['ambulance'],
  persalinan: ['ambulance'],
  kecelakaan_laut: ['sar'],
};

/** What is known of a call when the call taker passes it on. */
export interface TransferHints {
  /** The incident category chosen for it, if any. */
  category: string | null;
  /** The regency the caller's location lies in when it is not the centre's own (the locator's answer), else null. */
  outsideRegency: string | null;
}

/**
 * The targets to offer first, best first: the caller's own regency's 112 when the caller is outside the service
 * area, then the agencies of the call's category (crime → police 110, fire → 113), as for a misdirected caller
 * (salah sambung) who wanted that agency. Give it the targets that can be dialled; empty when nothing points
 * anywhere.
 */
export function suggestTransferTargets<T extends Pick<TransferTarget, 'kind' | 'regencyCode'>>(
  targets: readonly T[],
  hints: TransferHints,
): T[] {
  const out: T[] = [];
  const add = (t: T | undefined) => {
    if (t && !out.includes(t)) out.push(t);
  };
  if (hints.outsideRegency)
    add(targets.find((t) => t.kind === 'regency_112' && t.regencyCode === hints.outsideRegency));
  for (const kind of (hints.category && KINDS_BY_CATEGORY[hints.category]) || [])
    add(targets.find((t) => t.kind === kind));
  return out;
}
