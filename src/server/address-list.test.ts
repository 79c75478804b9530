// The source-address list: single addresses, CIDR ranges, IPv6, and IPv4-mapped IPv6 addresses.
import { describe, expect, it } from 'vitest';
import { addressMatcher } from './address-list.ts';

describe('addressMatcher', () => {
  const allowed = addressMatcher(['10.1.2.3', '192.168.10.0/24', 'fd00::/8']);

  it('allows listed addresses and ranges, also written as IPv4-mapped IPv6', () => {
    expect(allowed('10.1.2.3')).toBe(true);
    expect(allowed('192.168.10.77')).toBe(true);
    expect(allowed('::ffff:192.168.10.77')).toBe(true);
    expect(allowed('fd12:3456::1')).toBe(true);
  });

  it('refuses every other address and anything that is not an address', () => {
    expect(allowed('10.1.2.4')).toBe(false);
    expect(allowed('192.168.11.1')).toBe(false);
    expect(allowed('127.0.0.1')).toBe(false);
    expect(allowed('::1')).toBe(false);
    expect(allowed('')).toBe(false);
    expect(allowed('evil.example')).toBe(false);
  });
});
