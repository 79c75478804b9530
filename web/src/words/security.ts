// Words of two-step verification: the code at sign-in, setting up the authenticator app, recovery codes (id, en).

const id = {
  'tfa.title': 'Verifikasi dua langkah',
  'tfa.code': 'Kode verifikasi',
  'tfa.codeHint':
    'Masukkan 6 angka dari aplikasi autentikator di ponsel Anda, atau salah satu kode pemulihan.',
  'tfa.submit': 'Verifikasi',
  'tfa.back': 'Kembali ke kata sandi',
  'tfa.open': 'Verifikasi dua langkah',
  'tfa.required':
    'Peran Anda wajib memakai verifikasi dua langkah. Pasang aplikasi autentikator (misalnya Google Authenticator, Aegis, atau FreeOTP) di ponsel Anda, lalu daftarkan di sini sebelum mulai bekerja.',
  'tfa.choice':
    'Dengan verifikasi dua langkah, masuk ke Pinisi meminta kata sandi dan kode dari aplikasi autentikator di ponsel Anda.',
  'tfa.start': 'Mulai pendaftaran',
  'tfa.scan': 'Pindai kode QR ini dengan aplikasi autentikator:',
  'tfa.qr': 'Kode QR untuk aplikasi autentikator',
  'tfa.secret': 'Atau ketik kunci ini di aplikasi:',
  'tfa.confirm': 'Masukkan kode 6 angka yang muncul di aplikasi untuk memastikan:',
  'tfa.confirmSubmit': 'Aktifkan',
  'tfa.recovery': 'Kode pemulihan',
  'tfa.recoveryHint':
    'Simpan kode-kode ini di tempat aman (cetak atau tulis). Setiap kode hanya dapat dipakai sekali untuk masuk bila ponsel Anda hilang. Kode ini hanya ditampilkan sekali ini.',
  'tfa.saved': 'Saya sudah menyimpan kode pemulihan',
  'tfa.on': 'Verifikasi dua langkah aktif.',
  'tfa.close': 'Kembali',
  'tfa.left': 'Kode pemulihan yang belum dipakai: {n} dari 10.',
  'tfa.renew':
    'Untuk membuat 10 kode pemulihan baru (kode lama tidak berlaku lagi), masukkan kode 6 angka dari aplikasi:',
  'tfa.renewSubmit': 'Buat kode baru',
  'adm.tfa': '2 langkah',
  'adm.tfaReset': 'Atur ulang verifikasi dua langkah',
};

const en: Record<keyof typeof id, string> = {
  'tfa.title': 'Two-step verification',
  'tfa.code': 'Verification code',
  'tfa.codeHint':
    'Enter the 6 digits from the authenticator app on your phone, or one of your recovery codes.',
  'tfa.submit': 'Verify',
  'tfa.back': 'Back to the password',
  'tfa.open': '2-step verification',
  'tfa.required':
    'Your role must use two-step verification. Install an authenticator app (for example Google Authenticator, Aegis or FreeOTP) on your phone and set it up here before you start work.',
  'tfa.choice':
    'With two-step verification, signing in to Pinisi asks for your password and a code from the authenticator app on your phone.',
  'tfa.start': 'Start setup',
  'tfa.scan': 'Scan this QR code with your authenticator app:',
  'tfa.qr': 'QR code for the authenticator app',
  'tfa.secret': 'Or type this key into the app:',
  'tfa.confirm': 'Enter the 6-digit code the app shows to confirm:',
  'tfa.confirmSubmit': 'Turn on',
  'tfa.recovery': 'Recovery codes',
  'tfa.recoveryHint':
    'Keep these codes somewhere safe (print or write them down). Each code signs you in once if you lose your phone. They are shown this once only.',
  'tfa.saved': 'I have saved the recovery codes',
  'tfa.on': 'Two-step verification is on.',
  'tfa.close': 'Back',
  'tfa.left': 'Recovery codes not used yet: {n} of 10.',
  'tfa.renew':
    'To make 10 new recovery codes (the old ones stop working), enter the 6-digit code from the app:',
  'tfa.renewSubmit': 'Make new codes',
  'adm.tfa': '2-step',
  'adm.tfaReset': 'Reset 2-step verification',
};

export const securityWords = { id, en };
