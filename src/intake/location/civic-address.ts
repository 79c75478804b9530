// A PIDF-LO civic address (RFC 4119/5139 civicAddress: country, A1–A6, RD, HNO, NAM, …) as one line of text.

/** The civic elements in the order a person reads an Indonesian address: name, street and number, then up to province. */
const ORDER = [
  'NAM',
  'LMK',
  'BLD',
  'UNIT',
  'FLR',
  'ROOM',
  'SEAT',
  'street',
  'LOC',
  'PLC',
  'A6',
  'A5',
  'A4',
  'A3',
  'A2',
  'A1',
  'PC',
  'country',
] as const;

const LABELS: Partial<Record<string, string>> = { FLR: 'lt.', UNIT: 'unit', ROOM: 'ruang', SEAT: 'kursi' };
const MAX_TEXT = 500;

/** Elements of one civicAddress by local name (first occurrence), e.g. { A1: 'Sulawesi Selatan', HNO: '12' }. */
export type CivicElements = Record<string, string>;

/** The address as text ("Jl. Sam Ratulangi 12, Ujung Bulu, Bulukumba, Sulawesi Selatan, ID"); null when empty. */
export function civicAddressText(elements: CivicElements): string | null {
  const get = (key: string) => elements[key]?.replace(/\s+/g, ' ').trim() ?? '';
  // RFC 5139's RD is the road; RFC 4776 put the street in A6.
  const road = get('RD') || get('A6');
  const a6IsRoad = get('RD') === '' && road !== '';
  const street = [get('PRD'), road, get('STS'), get('POD'), [get('HNO'), get('HNS')].join('')]
    .filter(Boolean)
    .join(' ');
  const parts: string[] = [];
  for (const key of ORDER) {
    if (key === 'A6' && a6IsRoad) continue;
    const value = key === 'street' ? street : get(key);
    if (!value) continue;
    const label = LABELS[key];
    const text = label ? `${label} ${value}` : value;
    if (!parts.includes(text)) parts.push(text);
  }
  if (parts.length === 0) return null;
  const text = parts.join(', ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
