// Indonesian numbers in every way they are written reduce to one key; short codes and foreign numbers stay apart.
import { describe, expect, it } from 'vitest';
import { phoneNumberKey } from './phone-number.ts';

describe('phoneNumberKey', () => {
  it('gives a mobile number the same key in national, 62 and +62 form, with spaces or dashes', () => {
    const forms = [
      '081342112001',
      '6281342112001',
      '+6281342112001',
      '+62 813-4211-2001',
      '0813 4211 2001',
      '0813-4211-2001',
      '006281342112001',
      '+62 0813 4211 2001',
      ' +62 (813) 4211.2001 ',
    ];
    for (const form of forms) expect(phoneNumberKey(form), form).toBe('081342112001');
  });

  it('treats landlines alike', () => {
    expect(phoneNumberKey('0411 123456')).toBe('0411123456');
    expect(phoneNumberKey('(0411) 123-456')).toBe('0411123456');
    expect(phoneNumberKey('+62 411 123456')).toBe('0411123456');
    expect(phoneNumberKey('62411123456')).toBe('0411123456');
    expect(phoneNumberKey('+62 21 5550 1234')).toBe('02155501234');
  });

  it('leaves short codes as dialled', () => {
    expect(phoneNumberKey('112')).toBe('112');
    expect(phoneNumberKey('110')).toBe('110');
    expect(phoneNumberKey('62112')).toBe('62112');
    expect(phoneNumberKey('1500 112')).toBe('1500112');
    // Written with + or 00, 62 is always the country code.
    expect(phoneNumberKey('+62 811')).toBe('0811');
  });

  it('keeps other countries apart from Indonesian numbers', () => {
    expect(phoneNumberKey('+60 12-345 6789')).toBe('60123456789');
    expect(phoneNumberKey('0060123456789')).toBe('60123456789');
    expect(phoneNumberKey('+60 12-345 6789')).not.toBe(phoneNumberKey('012-345 6789'));
  });

  it('has no key for a withheld caller', () => {
    expect(phoneNumberKey('anonymous')).toBeNull();
    expect(phoneNumberKey('')).toBeNull();
    expect(phoneNumberKey('+')).toBeNull();
    expect(phoneNumberKey('00')).toBeNull();
  });
});
