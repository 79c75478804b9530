// The Indonesian words of the report files (the consoles keep theirs in web/src/i18n.ts).

export const CALL_TYPE_ID: Record<string, string> = {
  emergency: 'Darurat',
  non_emergency: 'Bukan darurat',
  information: 'Informasi',
  misdirected: 'Salah sambung',
  ghost: 'Panggilan diam (tanpa suara)',
  prank: 'Panggilan iseng',
  test: 'Uji coba',
  unclassified: 'Jenis belum dicatat',
};

/** Incident keys (open, closed, cancelled) and assignment statuses. */
export const STATUS_ID: Record<string, string> = {
  open: 'Masih ditangani',
  closed: 'Ditutup',
  cancelled: 'Dibatalkan',
  requested: 'Diminta',
  acknowledged: 'Diterima',
  declined: 'Ditolak',
  done: 'Selesai',
  withdrawn: 'Ditarik',
};

export const CHANNEL_ID: Record<string, string> = {
  voice: 'Telepon',
  sms: 'SMS',
  app: 'Aplikasi',
  walk_in: 'Datang langsung',
  radio: 'Radio',
};

export const PRIORITY_ID: Record<number, string> = {
  1: 'P1 Mengancam nyawa',
  2: 'P2 Mendesak',
  3: 'P3 Perlu ditangani',
  4: 'P4 Tidak mendesak',
};

export const MONTHS_ID = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** A period in words: `November 2026` for a whole local month, else its first and last local day. */
export function periodTitle(from: number, to: number, tzOffsetMinutes: number): string {
  const offset = tzOffsetMinutes * 60_000;
  const a = new Date(from + offset);
  const b = new Date(to + offset - 1);
  const monthStart = Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1) - offset;
  const nextMonth = Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + 1, 1) - offset;
  if (from === monthStart && to === nextMonth) return `${MONTHS_ID[a.getUTCMonth()]} ${a.getUTCFullYear()}`;
  const day = (d: Date) => `${d.getUTCDate()} ${MONTHS_ID[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  return `${day(a)} – ${day(b)}`;
}
