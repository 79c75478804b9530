// The error catalogue: every code has a status the body's kind follows and words in Indonesian and English.
import { describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode, errorKind, errorMessages, errorStatus } from './errors.ts';

describe('the error catalogue', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it('gives every code its words in both languages under error.<code>', () => {
    const id = errorMessages('id');
    const en = errorMessages('en');
    for (const code of codes) {
      expect(id[`error.${code}`], code).toMatch(/\S/);
      expect(en[`error.${code}`], code).toMatch(/\S/);
    }
    expect(id['error.validation.caller.phone']).toMatch(/Nomor telepon/);
    expect(en['error.validation.caller.phone']).toMatch(/phone number/);
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  it('derives the kind from the status', () => {
    expect([errorStatus('call.not_found'), errorKind('call.not_found')]).toEqual([404, 'not_found']);
    expect([errorStatus('unit.not_available'), errorKind('unit.not_available')]).toEqual([409, 'conflict']);
    expect([errorStatus('auth.required'), errorKind('auth.required')]).toEqual([401, 'unauthorized']);
    expect([errorStatus('command.not_recorded'), errorKind('command.not_recorded')]).toEqual([
      500,
      'internal',
    ]);
    expect(ERRORS.internal.en).not.toMatch(/command/);
  });
});
