// Tells a storage failure (disk full, database unreachable) apart from a bug, so the answer can be 503 and say so.
import type { ErrorCode } from '../protocol/errors.ts';

type StorageCode = Extract<ErrorCode, 'storage.full' | 'storage.unavailable'>;

const FULL = new Set(['SQLITE_FULL', 'ENOSPC', '53100']);
/** SQLite I/O and open failures, node socket errors, PostgreSQL connection exceptions and shutdowns. */
const UNAVAILABLE =
  /^(SQLITE_(IOERR|CANTOPEN|READONLY|NOTADB|CORRUPT)\w*|E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|ROFS|IO)|08\w{3}|57P0[123]|53000|53300|55000|3D000)$/;
const UNAVAILABLE_MESSAGE =
  /connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i;

/** The storage failure behind an error (looking through `cause`), or null when it is something else. */
export function storageFailure(error: unknown): StorageCode | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FULL.has(code)) return 'storage.full';
    if (typeof code === 'string' && UNAVAILABLE.test(code)) return 'storage.unavailable';
    if (UNAVAILABLE_MESSAGE.test(e.message)) return 'storage.unavailable';
  }
  return null;
}
