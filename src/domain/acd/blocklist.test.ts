// Blocking repeat junk callers: time-limited, with reasons, recorded, and never for a withheld number.
import { describe, expect, it } from 'vitest';
import { BlockList } from './blocklist.ts';

describe('BlockList', () => {
  it('blocks a number for a set time with a reason', () => {
    const list = new BlockList();
    list.block('+62 812-3456', 60_000, 'prank 5 times today', 'koordinator', 1_000);
    expect(list.active('08123456', 30_000)).toMatchObject({ reason: 'prank 5 times today', until: 61_000 });
    expect(list.active('628123456', 60_999)).not.toBeNull();
    expect(list.active('08123456', 61_000)).toBeNull();
    expect(list.list(61_000)).toEqual([]);
  });

  it('records every block and unblock with who and why', () => {
    const list = new BlockList();
    list.block('0811', 60_000, 'prank', 'sup', 1);
    expect(list.unblock('0811', 'was a real emergency', 'sup', 2)).toBe(true);
    expect(list.unblock('0811', 'again', 'sup', 3)).toBe(false);
    expect(list.active('0811', 4)).toBeNull();
    expect(list.records()).toEqual([
      { action: 'block', number: '0811', until: 60_001, reason: 'prank', by: 'sup', at: 1 },
      { action: 'unblock', number: '0811', reason: 'was a real emergency', by: 'sup', at: 2 },
    ]);
    const rebuilt = BlockList.fromRecords([
      ...list.records(),
      { action: 'block', number: '0822', until: 100, reason: 'x', by: 's', at: 5 },
    ]);
    expect(rebuilt.active('0822', 50)?.reason).toBe('x');
    expect(rebuilt.active('0811', 50)).toBeNull();
  });

  it('refuses a block without reason, duration or number, and never blocks a withheld caller', () => {
    const list = new BlockList();
    expect(() => list.block('0811', 0, 'prank', 's', 1)).toThrow(/duration/);
    expect(() => list.block('0811', 10, ' ', 's', 1)).toThrow(/reason/);
    expect(() => list.block('anonymous', 10, 'prank', 's', 1)).toThrow(/number/);
    expect(list.active(null, 1)).toBeNull();
  });

  it('matches a number however it is written (phone-number.ts)', () => {
    const list = new BlockList();
    list.block('081342112001', 10, 'prank', 's', 1);
    expect(list.active('+6281342112001', 2)?.number).toBe('081342112001');
    expect(list.active('+62 813-4211-2001', 2)).not.toBeNull();
    expect(list.unblock('6281342112001', 'sorry', 's', 3)).toBe(true);
    expect(list.active('081342112001', 4)).toBeNull();
  });
});
