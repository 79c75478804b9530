// The call taker console's own words (Indonesian and English), kept apart so the consoles' dictionaries grow
// without colliding; i18n.ts spreads them into its two languages.
export const callTakerId = {
  'ct.pendingEnd': 'Panggilan akan diakhiri sebagai "{type}" dalam {n} detik.',
  'ct.pendingEnd.undo': 'Batalkan, lanjutkan panggilan',
  'ct.pendingEnd.now': 'Akhiri sekarang',
  'form.required.place': 'Pilih desa/kelurahan atau klik titik di peta',
  'amend.location': 'Lokasi',
  'amend.caller': 'Pelapor',
  'amend.title': 'Ubah kejadian {number}',
  'amend.open': 'Ubah kejadian',
  'amend.reason': 'Alasan mengubah prioritas',
  'amend.submit': 'Simpan perubahan',
  'amend.saved': 'Perubahan kejadian {number} tersimpan dan diteruskan ke instansi',
  'amend.nothing': 'Belum ada yang diubah',
  'ct.myOpen': 'Laporan saya yang masih aktif',
  'dup.title': 'Mungkin laporan yang sama: {n} kejadian aktif di {place}',
  'dup.distance': '±{m} m dari titik ini',
  'dup.sameDesa': 'desa/kelurahan sama',
  'dup.sameAddress': 'alamat sama',
  'dup.sameCategory': 'jenis kejadian sama',
  'dup.relatedCategory': 'jenis kejadian serupa',
  'dup.keepTyping':
    'Bila ini kejadian lain, lanjutkan mengisi laporan. Bila sama, gabungkan: isian Anda menjadi catatan pada kejadian itu.',
  'ct.attachedCall':
    'Panggilan digabungkan ke kejadian {number}; isian Anda tersimpan sebagai catatan. Akhiri panggilan bila sudah selesai.',
};

export const callTakerEn: Record<keyof typeof callTakerId, string> = {
  'ct.pendingEnd': 'The call will end as "{type}" in {n} s.',
  'ct.pendingEnd.undo': 'Undo, keep the call',
  'ct.pendingEnd.now': 'End now',
  'form.required.place': 'Choose the village or click the point on the map',
  'amend.location': 'Location',
  'amend.caller': 'Caller',
  'amend.title': 'Amend incident {number}',
  'amend.open': 'Amend incident',
  'amend.reason': 'Reason for changing the priority',
  'amend.submit': 'Save changes',
  'amend.saved': 'Changes to incident {number} saved and passed on to the agencies',
  'amend.nothing': 'Nothing changed yet',
  'ct.myOpen': 'My reports still active',
  'dup.title': 'Possibly the same report: {n} active incidents in {place}',
  'dup.distance': '±{m} m from this point',
  'dup.sameDesa': 'same village',
  'dup.sameAddress': 'same address',
  'dup.sameCategory': 'same kind of incident',
  'dup.relatedCategory': 'related kind of incident',
  'dup.keepTyping':
    'If this is another incident, keep filling in the report. If it is the same, attach: what you typed becomes a note on it.',
  'ct.attachedCall':
    'Call attached to incident {number}; what you typed is kept as a note. End the call when you are done.',
};
