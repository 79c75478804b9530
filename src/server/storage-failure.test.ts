// Storage failures by their real error codes: SQLite, node system errors and PostgreSQL SQLSTATEs, also as a cause.
import { describe, expect, it } from 'vitest';
import { storageFailure } from './storage-failure.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('storageFailure', () => {
  it('calls a full disk full', () => {
    expect(storageFailure(withCode('SQLITE_FULL', 'database or disk is full'))).toBe('storage.full');
    expect(storageFailure(withCode('ENOSPC'))).toBe('storage.full');
    expect(storageFailure(withCode('53100', 'could not extend file'))).toBe('storage.full');
  });

  it('calls a database it cannot reach unavailable, also behind a cause', () => {
    for (const code of ['SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN', 'ECONNREFUSED', '08006', '57P01', '55000'])
      expect(storageFailure(withCode(code)), code).toBe('storage.unavailable');
    expect(storageFailure(new Error('Connection terminated unexpectedly'))).toBe('storage.unavailable');
    expect(storageFailure(new Error('wrapped', { cause: withCode('ECONNREFUSED') }))).toBe(
      'storage.unavailable',
    );
  });

  it('leaves everything else alone', () => {
    expect(storageFailure(new TypeError('x is undefined'))).toBeNull();
    expect(storageFailure(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageFailure(withCode('22003', 'integer out of range'))).toBeNull();
    expect(storageFailure('text')).toBeNull();
  });
});
