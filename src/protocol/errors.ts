// Every error code the server answers with, once: its HTTP status and the words the consoles show for it.
//
// A new refusal gets its line here first (tsc then lets the domain or a route throw it); the consoles find its
// text under the message key `error.<code>` (and `error.<code>.<field>` for a field-specific wording).
type Words = { readonly id: string; readonly en: string };

interface ErrorSpec extends Words {
  readonly status: keyof typeof KIND_OF_STATUS;
  /** Wordings for one input field, e.g. `validation` of `caller.phone`. */
  readonly fields?: Readonly<Record<string, Words>>;
}

/** The kind the body carries beside the code, one per HTTP status. */
export const KIND_OF_STATUS = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'invalid',
  415: 'invalid',
  429: 'rate_limited',
  500: 'internal',
  503: 'unavailable',
} as const;

const PHONE = {
  id: 'Nomor telepon hanya boleh berisi angka, spasi, dan + - ( ) * #',
  en: 'A phone number may only hold digits, spaces and + - ( ) * #',
};
const REASON = { id: 'Alasan minimal 3 huruf', en: 'The reason needs at least 3 letters' };

export const ERRORS = {
  // ── the request itself
  validation: {
    status: 400,
    id: 'Isian tidak valid',
    en: 'Invalid input',
    fields: {
      'caller.phone': PHONE,
      number: PHONE,
      reason: REASON,
      'outcome.report': { id: 'Uraian penanganan wajib diisi', en: 'Say what was done' },
    },
  },
  'request.invalid': {
    status: 400,
    id: 'Permintaan tidak dapat dibaca',
    en: 'The request could not be read',
  },
  'request.too_large': { status: 413, id: 'Permintaan terlalu besar', en: 'The request is too large' },
  'request.media_type': {
    status: 415,
    id: 'Jenis isi permintaan tidak didukung',
    en: 'The request’s content type is not supported',
  },
  'route.not_found': { status: 404, id: 'Alamat tidak ditemukan', en: 'No such address' },
  rate_limited: {
    status: 429,
    id: 'Terlalu banyak permintaan; coba lagi sebentar lagi',
    en: 'Too many requests; try again shortly',
  },
  internal: { status: 500, id: 'Terjadi kesalahan di server', en: 'Something went wrong on the server' },
  'command.not_recorded': {
    status: 500,
    id: 'Kesalahan di server; perintah tidak tercatat. Coba lagi.',
    en: 'Server error; the command was not recorded. Try again.',
  },
  'log.read_only': {
    status: 503,
    id: 'Pinisi hanya dapat dibaca karena pemeriksaan log peristiwa gagal; perintah tidak diterima',
    en: 'Pinisi serves reads only: the event log failed its check, commands are refused',
  },
  'storage.full': {
    status: 503,
    id: 'Disk basis data di server penuh; tidak ada yang tercatat. Hubungi administrator untuk mengosongkan ruang disk.',
    en: 'The database disk on the server is full; nothing was recorded. Ask the admin to free disk space.',
  },
  'storage.unavailable': {
    status: 503,
    id: 'Basis data tidak dapat dihubungi; tidak ada yang tercatat. Coba lagi sebentar lagi.',
    en: 'The database cannot be reached; nothing was recorded. Try again shortly.',
  },
  'request.too_deep': {
    status: 400,
    id: 'Isian bersarang terlalu dalam',
    en: 'The input is nested too deeply',
  },
  'idempotency.reused': {
    status: 409,
    id: 'Kunci idempotensi ini sudah dipakai untuk perintah lain',
    en: 'This idempotency key was already used for another command',
  },
  // ── sessions and roles
  'auth.required': {
    status: 401,
    id: 'Sesi berakhir; silakan masuk lagi',
    en: 'Session ended; please sign in again',
  },
  'auth.failed': { status: 401, id: 'Nama pengguna atau kata sandi salah', en: 'Wrong username or password' },
  'auth.throttled': {
    status: 429,
    id: 'Terlalu banyak percobaan gagal dari komputer ini; tunggu sebentar lalu coba lagi',
    en: 'Too many failed logins from this computer; wait a moment and try again',
  },
  'origin.forbidden': {
    status: 403,
    id: 'Permintaan dari situs lain ditolak',
    en: 'Requests from another site are refused',
  },
  'role.forbidden': {
    status: 403,
    id: 'Peran Anda tidak berwenang melakukan ini',
    en: 'Your role may not do this',
  },
  'auth.password_change_required': {
    status: 403,
    id: 'Ganti kata sandi Anda terlebih dahulu',
    en: 'Change your password first',
  },
  'auth.current_password': {
    status: 400,
    id: 'Kata sandi saat ini salah',
    en: 'The current password is wrong',
  },
  'auth.password_policy': {
    status: 400,
    id: 'Kata sandi minimal 10 karakter dan tidak boleh memuat nama pengguna',
    en: 'A password needs at least 10 characters and must not contain the username',
  },
  'auth.second_factor_required': {
    status: 403,
    id: 'Aktifkan verifikasi dua langkah terlebih dahulu',
    en: 'Set up two-step verification first',
  },
  'auth.code_failed': {
    status: 400,
    id: 'Kode verifikasi salah atau sudah dipakai',
    en: 'The verification code is wrong or was used already',
  },
  'auth.challenge_expired': {
    status: 401,
    id: 'Langkah verifikasi berakhir; masuk lagi dengan kata sandi',
    en: 'The verification step is over; sign in again with your password',
  },
  'auth.second_factor_setup': {
    status: 409,
    id: 'Mulai lagi pendaftaran aplikasi autentikator',
    en: 'Start the authenticator app setup again',
  },
  // ── administration
  'user.not_found': { status: 404, id: 'Pengguna tidak ditemukan', en: 'User not found' },
  'user.username_taken': {
    status: 409,
    id: 'Nama pengguna sudah dipakai',
    en: 'The username is taken',
  },
  'user.agency_required': {
    status: 400,
    id: 'Pengguna instansi harus memilih instansi',
    en: 'An agency user needs an agency',
  },
  'user.agency_not_allowed': {
    status: 400,
    id: 'Hanya pengguna instansi yang memiliki instansi',
    en: 'Only agency users belong to an agency',
  },
  'user.unit_not_allowed': {
    status: 400,
    id: 'Hanya kru unit yang terikat pada sebuah unit',
    en: 'Only a responder is the crew of a unit',
  },
  'user.unit_required': {
    status: 400,
    id: 'Kru unit harus memilih unitnya',
    en: 'A responder needs a unit',
  },
  'user.self': {
    status: 409,
    id: 'Anda tidak boleh menonaktifkan atau mengubah peran akun Anda sendiri',
    en: 'You may not disable your own account or change its role',
  },
  'user.inactive': { status: 409, id: 'Pengguna sudah nonaktif', en: 'The user is already disabled' },
  'user.active': { status: 409, id: 'Pengguna sudah aktif', en: 'The user is already enabled' },
  'user.second_factor_on': {
    status: 409,
    id: 'Verifikasi dua langkah sudah aktif; administrator dapat mengatur ulang',
    en: 'Two-step verification is already on; the admin can reset it',
  },
  'user.second_factor_off': {
    status: 409,
    id: 'Pengguna ini tidak memakai verifikasi dua langkah',
    en: 'This user has no two-step verification',
  },
  'admin.no_change': { status: 400, id: 'Tidak ada yang diubah', en: 'Nothing to change' },
  'agency.exists': {
    status: 409,
    id: 'Instansi dengan kode pengenal atau singkatan ini sudah ada',
    en: 'An agency with this id or short name exists',
  },
  'agency.not_found': { status: 404, id: 'Instansi tidak ditemukan', en: 'Agency not found' },
  'station.not_found': { status: 404, id: 'Pos tidak ditemukan', en: 'Station not found' },
  'station.unknown': {
    status: 400,
    id: 'Pos ini bukan milik instansi tersebut',
    en: 'Unknown station for this agency',
  },
  'unit.not_found': { status: 404, id: 'Unit tidak ditemukan', en: 'Unit not found' },
  'unit.callsign_taken': {
    status: 409,
    id: 'Kode panggil unit sudah dipakai',
    en: 'The unit callsign is taken',
  },
  'device.not_found': {
    status: 404,
    id: 'Perangkat pelacak tidak ditemukan',
    en: 'Tracker device not found',
  },
  'device.revoked': {
    status: 409,
    id: 'Perangkat pelacak sudah dicabut',
    en: 'The tracker device is already revoked',
  },
  'device.secret': {
    status: 400,
    id: 'Server tidak membuat kunci untuk perangkat ini',
    en: 'The server made no secret for the device',
  },
  // ── calls
  'call.not_found': { status: 404, id: 'Panggilan tidak ditemukan', en: 'Call not found' },
  'call.not_ringing': {
    status: 409,
    id: 'Panggilan sudah tidak berdering',
    en: 'The call is no longer ringing',
  },
  'call.not_answered': {
    status: 409,
    id: 'Jawab panggilan terlebih dahulu sebelum mencatat jenisnya',
    en: 'Answer the call before classifying it',
  },
  'call.attached': {
    status: 409,
    id: 'Panggilan ini sudah terhubung ke kejadian',
    en: 'This call already belongs to an incident',
  },
  'call.classified': {
    status: 409,
    id: 'Panggilan ini sudah dicatat sebagai bukan darurat',
    en: 'This call was already classified as not an emergency',
  },
  'call.ended': { status: 409, id: 'Panggilan sudah berakhir', en: 'The call has already ended' },
  'call.not_junk': {
    status: 409,
    id: 'Hanya data pribadi panggilan iseng, panggilan diam, atau salah sambung yang dihapus',
    en: 'Only the personal data of a junk call (ghost, prank, misdirected) is erased',
  },
  'auth.second_factor_off': {
    status: 409,
    id: 'Verifikasi dua langkah belum aktif',
    en: 'Two-step verification is off',
  },
  'call.erased': {
    status: 409,
    id: 'Data pribadi panggilan ini sudah dihapus',
    en: 'The personal data of this call is erased',
  },
  // ── incidents
  'incident.not_found': { status: 404, id: 'Kejadian tidak ditemukan', en: 'Incident not found' },
  'incident.ended': { status: 409, id: 'Kejadian sudah berakhir', en: 'The incident has already ended' },
  'incident.already_forwarded': {
    status: 409,
    id: 'Kejadian sudah diteruskan',
    en: 'The incident has already been forwarded',
  },
  'incident.not_dispatched': {
    status: 409,
    id: 'Hanya kejadian yang sudah ditangani instansi yang dapat ditutup; kejadian ini dapat dibatalkan',
    en: 'Only an incident with agencies can be closed; cancel it instead',
  },
  'incident.agencies_working': {
    status: 409,
    id: 'Masih ada instansi yang menangani kejadian ini',
    en: 'Agencies are still working on this incident',
  },
  'incident.force_needs_supervisor': {
    status: 403,
    id: 'Hanya koordinator yang boleh menutup paksa',
    en: 'Only a supervisor may force a close',
  },
  'amend.empty': { status: 400, id: 'Tidak ada yang diubah', en: 'Nothing to change' },
  'report.description': {
    status: 400,
    id: 'Uraian kejadian wajib diisi',
    en: 'Describe what happened',
  },
  'report.place': {
    status: 400,
    id: 'Pilih desa/kelurahan atau tandai titik di peta',
    en: 'Choose the village or mark a point on the map',
  },
  'note.empty': { status: 400, id: 'Catatan wajib diisi', en: 'The note needs words' },
  'incident.same': {
    status: 400,
    id: 'Pilih kejadian lain, bukan kejadian ini sendiri',
    en: 'Choose another incident, not this one',
  },
  'incident.already_linked': {
    status: 409,
    id: 'Kedua kejadian ini sudah ditautkan',
    en: 'These incidents are already linked',
  },
  'reason.required': { status: 400, id: 'Alasan wajib diisi', en: 'A reason is required' },
  'location.kecamatan': {
    status: 400,
    id: 'Pilih kecamatan dari daftar',
    en: 'Pick a district from the list',
  },
  'location.desa': {
    status: 400,
    id: 'Desa/kelurahan ini tidak ada di kecamatan tersebut',
    en: 'This village is not in the district',
  },
  'location.point': {
    status: 400,
    id: 'Lintang dan bujur harus diisi bersama',
    en: 'Latitude and longitude go together',
  },
  'category.unknown': {
    status: 400,
    id: 'Pilih jenis kejadian dari daftar',
    en: 'Pick a category from the list',
  },
  'triage.question_unknown': {
    status: 400,
    id: 'Pertanyaan triase ini tidak ada di SOP untuk jenis kejadian ini',
    en: 'The SOP asks no such triage question for this category',
  },
  'triage.answer_invalid': {
    status: 400,
    id: 'Jawaban triase tidak sesuai pertanyaannya',
    en: 'This answer does not fit the triage question',
  },
  'triage.no_sop': {
    status: 400,
    id: 'Belum ada SOP yang berlaku untuk triase',
    en: 'No SOP is in force to triage against',
  },
  'agency.unknown': { status: 400, id: 'Instansi tidak dikenal', en: 'Unknown agency' },
  'note.override_required': {
    status: 400,
    id: 'Pilihan instansi berbeda dari saran SOP: tulis alasannya (minimal 3 huruf)',
    en: 'The agencies differ from the SOP suggestion: give the reason (at least 3 letters)',
  },
  // ── assignments, units, escalations
  'assignment.exists': {
    status: 409,
    id: 'Instansi ini sudah menangani kejadian ini',
    en: 'This agency is already working on this incident',
  },
  'assignment.not_found': { status: 404, id: 'Penugasan tidak ditemukan', en: 'Assignment not found' },
  'assignment.not_requested': {
    status: 409,
    id: 'Penugasan sudah ditanggapi',
    en: 'The assignment was already answered',
  },
  'assignment.via_centre': {
    status: 400,
    id: 'Hanya petugas Call Center 112 yang mencatat penerimaan lewat telepon atau radio',
    en: 'Only the centre records an acceptance heard by phone or radio',
  },
  'assignment.closed': { status: 409, id: 'Penugasan sudah ditutup', en: 'The assignment is closed' },
  'assignment.units_busy': {
    status: 409,
    id: 'Tarik unit dari penugasan ini terlebih dahulu sebelum menolak',
    en: 'Stand down the units of this assignment before declining',
  },
  'assignment.not_acknowledged': {
    status: 409,
    id: 'Terima penugasan terlebih dahulu',
    en: 'Acknowledge the assignment first',
  },
  'unit.unknown': { status: 400, id: 'Unit tidak dikenal', en: 'Unknown unit' },
  'unit.other_agency': {
    status: 400,
    id: 'Unit milik instansi lain',
    en: 'The unit belongs to another agency',
  },
  'unit.not_available': { status: 409, id: 'Unit tidak siap', en: 'The unit is not available' },
  'unit.same_status': {
    status: 409,
    id: 'Unit sudah berstatus demikian',
    en: 'The unit already has that status',
  },
  'unit.transition': {
    status: 409,
    id: 'Perubahan status unit tidak diperbolehkan',
    en: 'That unit status change is not allowed',
  },
  'unit.pressed_in_future': {
    status: 400,
    id: 'Waktu tombol ditekan ada di masa depan: periksa jam di ponsel',
    en: 'The time the button was pressed is in the future: check the phone’s clock',
  },
  'unit.pressed_too_old': {
    status: 400,
    id: 'Perubahan status ditekan lebih dari 12 jam lalu dan tidak dicatat; laporkan lewat radio',
    en: 'The status change was pressed more than 12 hours ago and is not recorded; report it by radio',
  },
  'escalation.resolved': {
    status: 409,
    id: 'Eskalasi ini sudah selesai',
    en: 'This escalation is already resolved',
  },
  // ── the SOP
  'sop.invalid': { status: 400, id: 'SOP ini belum valid', en: 'The SOP is not valid' },
  'sop.version_unknown': { status: 404, id: 'Versi SOP tidak ditemukan', en: 'No such SOP version' },
  'sop.category_unknown': {
    status: 400,
    id: 'Jenis kejadian ini tidak ada di SOP',
    en: 'The SOP has no such category',
  },
  // ── telephony
  'position.not_found': {
    status: 404,
    id: 'Tidak ada yang masuk di posisi ini',
    en: 'Nobody is signed in at this position',
  },
  'position.not_yours': {
    status: 403,
    id: 'Posisi ini milik operator penerima panggilan lain',
    en: 'This is another call taker’s position',
  },
  'desk.phone_taken': {
    status: 409,
    id: 'Telepon ini sudah dipakai meja lain',
    en: 'That phone rings at another desk already',
  },
  'desk.in_use': {
    status: 409,
    id: 'Masih ada operator penerima panggilan yang masuk di meja ini',
    en: 'A call taker is signed in at this desk',
  },
  'desk.not_found': { status: 404, id: 'Meja tidak ditemukan', en: 'Desk not found' },
  'desk.phone': {
    status: 400,
    id: 'Meja ini memakai telepon lain: masuk tanpa mengisi ekstensi dan alamat SIP',
    en: 'This desk rings another phone: sign in without extension and SIP address',
  },
  'desk.unknown': {
    status: 400,
    id: 'Meja ini belum diatur oleh administrator',
    en: 'This desk is not one the admin set up',
  },
  'desk.phone_required': {
    status: 400,
    id: 'Isi ekstensi dan alamat SIP telepon meja',
    en: 'Give the desk phone’s extension and SIP address',
  },
  'position.taken': {
    status: 409,
    id: 'Posisi ini sedang dipakai operator penerima panggilan lain',
    en: 'Another call taker is signed in at this position',
  },
  'transfer.not_answered': {
    status: 409,
    id: 'Hanya panggilan yang sedang ditangani yang dapat dialihkan',
    en: 'Only a call in hand can be transferred',
  },
  'transfer.under_way': {
    status: 409,
    id: 'Panggilan ini sedang dialihkan',
    en: 'This call is already being transferred',
  },
  'transfer.desk_busy': {
    status: 409,
    id: 'Meja tujuan tidak siap menerima panggilan',
    en: 'The target desk is not free to take the call',
  },
  'transfer.same_desk': {
    status: 409,
    id: 'Panggilan sudah berada di meja ini',
    en: 'The call is already at this desk',
  },
  'transfer.unknown_target': {
    status: 404,
    id: 'Tujuan pengalihan tidak ada dalam daftar',
    en: 'This transfer target is not in the list',
  },
  'transfer.target_unset': {
    status: 409,
    id: 'Nomor tujuan ini belum diatur',
    en: 'No number is set for this target',
  },
  'transfer.no_supervisor': {
    status: 409,
    id: 'Tidak ada supervisor yang siap di meja dan nomor telepon supervisor belum diatur',
    en: 'No supervisor is free at a desk and no supervisor phone is set',
  },
  'transfer.not_yours': {
    status: 403,
    id: 'Panggilan ini ditangani operator penerima panggilan lain',
    en: 'Another call taker has this call',
  },
  'position.busy': {
    status: 409,
    id: 'Posisi ini tidak dapat diubah sekarang',
    en: 'This position cannot be changed now',
  },
  'callback.not_found': {
    status: 404,
    id: 'Panggilan ini tidak ada di daftar telepon kembali',
    en: 'No such call on the callback list',
  },
  'block.invalid': {
    status: 400,
    id: 'Pemblokiran memerlukan nomor, lama blokir, dan alasan',
    en: 'A block needs a number, a duration and a reason',
  },
  'block.not_found': { status: 404, id: 'Nomor ini tidak diblokir', en: 'This number is not blocked' },
  'aml.disabled': { status: 403, id: 'AML tidak diaktifkan', en: 'AML is switched off' },
  'aml.address': {
    status: 403,
    id: 'Alamat ini tidak boleh mengirim AML',
    en: 'This address may not send AML',
  },
  'aml.secret': { status: 401, id: 'Kunci bersama AML salah', en: 'Wrong or missing AML shared secret' },
  'avl.malformed': {
    status: 400,
    id: 'Laporan posisi tidak dapat dibaca',
    en: 'The position report could not be read',
  },
  'avl.device': {
    status: 401,
    id: 'Perangkat tidak dikenal atau kunci salah',
    en: 'Unknown device or wrong secret',
  },
  'avl.no_unit': {
    status: 409,
    id: 'Akun ini tidak terikat pada unit',
    en: 'This account is bound to no unit',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export type ErrorKind = (typeof KIND_OF_STATUS)[keyof typeof KIND_OF_STATUS];

/** The codes answered with this kind, e.g. `ErrorCodeOf<'conflict'>`. */
export type ErrorCodeOf<K extends ErrorKind> = {
  [C in ErrorCode]: (typeof KIND_OF_STATUS)[(typeof ERRORS)[C]['status']] extends K ? C : never;
}[ErrorCode];

export function errorStatus(code: ErrorCode): number {
  return ERRORS[code].status;
}

export function errorKind(code: ErrorCode): ErrorKind {
  return KIND_OF_STATUS[ERRORS[code].status];
}

/** The consoles' message keys: `error.<code>` and, where a field has its own wording, `error.<code>.<field>`. */
export type ErrorMessageKey =
  | `error.${ErrorCode}`
  | {
      [C in ErrorCode]: (typeof ERRORS)[C] extends { fields: infer F }
        ? `error.${C}.${keyof F & string}`
        : never;
    }[ErrorCode];

/** Every error message in one language, by message key (the web dictionary spreads these in). */
export function errorMessages(lang: 'id' | 'en'): Record<ErrorMessageKey, string> {
  const messages: Record<string, string> = {};
  for (const [code, spec] of Object.entries(ERRORS) as [ErrorCode, ErrorSpec][]) {
    messages[`error.${code}`] = spec[lang];
    for (const [field, words] of Object.entries(spec.fields ?? {}))
      messages[`error.${code}.${field}`] = words[lang];
  }
  return messages as Record<ErrorMessageKey, string>;
}
