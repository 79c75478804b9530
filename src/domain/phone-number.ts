// The one comparable form of an Indonesian phone number, so 0812…, 62812…, +62 812… and 0812-… are the same caller.

/** Longest number treated as a short code (112, 110, 1500-xxx lines) and left as dialled. */
const SHORT_CODE_MAX_DIGITS = 6;
/** Fewest digits after a bare 62 (no + or 00) for it to be read as the country code: the shortest national numbers have 7. */
const MIN_NATIONAL_DIGITS = 7;

/**
 * The key under which calls, blocks and caller locations of one number meet: the national form with its
 * leading 0 for Indonesian numbers (`+62 812-3456-7890`, `6281234567890`, `006281234567890` → `081234567890`;
 * landlines alike, `+62 411 123456` → `0411123456`), short codes as dialled (`112`), other countries' numbers
 * as their digits without `+` or `00`. Spaces, dashes, dots and brackets are ignored. Null when `raw` holds no
 * digit (a withheld or `anonymous` caller), which never matches anything.
 */
export function phoneNumberKey(raw: string): string | null {
  const written = raw.trim();
  const international = written.startsWith('+') || written.startsWith('00');
  const all = written.replace(/[^0-9]/g, '');
  const digits = written.startsWith('00') ? all.slice(2) : all;
  if (digits.length === 0) return null;
  if (!international && digits.length <= SHORT_CODE_MAX_DIGITS) return digits;
  if (digits.startsWith('62') && (international || digits.length - 2 >= MIN_NATIONAL_DIGITS)) {
    // `+62 0812…` (the national 0 kept after the country code) is a common way of writing it, too.
    return `0${digits.slice(2).replace(/^0+/, '')}`;
  }
  return digits;
}
