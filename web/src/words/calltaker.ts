// The call taker console's own words (Indonesian and English), kept apart so the consoles' dictionaries grow
// without colliding; i18n.ts spreads them into its two languages.
export const callTakerId = {
  'ct.pendingEnd': 'Panggilan akan diakhiri sebagai "{type}" dalam {n} detik.',
  'ct.pendingEnd.undo': 'Batalkan, lanjutkan panggilan',
  'ct.pendingEnd.now': 'Akhiri sekarang',
  'form.required.place': 'Pilih desa/kelurahan atau klik titik di peta',
};

export const callTakerEn: Record<keyof typeof callTakerId, string> = {
  'ct.pendingEnd': 'The call will end as "{type}" in {n} s.',
  'ct.pendingEnd.undo': 'Undo, keep the call',
  'ct.pendingEnd.now': 'End now',
  'form.required.place': 'Choose the village or click the point on the map',
};
