// Blocking repeat junk callers: time-limited, with reasons, recorded in the log, and never for a withheld number.

import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { COMMAND_SCHEMAS } from '../commands.ts';
import { makeState, run } from '../test-fixtures.ts';
import type { Actor } from '../types.ts';
import { AcdView } from './acd.ts';

const supervisor: Actor = { userId: 'koordinator', role: 'supervisor', agencyId: null };
const block = (number: string, minutes: number, reason: string) => ({
  type: 'telephony.block' as const,
  payload: { number, minutes, reason },
});

describe('number blocks', () => {
  it('blocks a number for a set time with a reason', () => {
    const state = makeState();
    const d = run(state, block('+62 812-3456', 1, 'prank 5 times today'), supervisor);
    const at = d.events[0]!.at;
    const view = new AcdView({}, () => state.telephony);
    expect(view.activeBlock('08123456', at + 30_000)).toMatchObject({
      reason: 'prank 5 times today',
      until: at + 60_000,
      by: 'koordinator',
    });
    expect(view.activeBlock('628123456', at + 59_999)).not.toBeNull();
    expect(view.activeBlock('08123456', at + 60_000)).toBeNull();
    expect(view.blocks(at + 60_000)).toEqual([]);
  });

  it('records every block and unblock with who and why, as events in the log', () => {
    const state = makeState();
    const blocked = run(state, block('0811', 60, 'prank'), supervisor).events;
    const unblocked = run(
      state,
      { type: 'telephony.unblock', payload: { number: '0811', reason: 'was a real emergency' } },
      supervisor,
    ).events;
    expect(
      [...blocked, ...unblocked].map((e) => [e.type, e.actor, (e as { reason?: string }).reason]),
    ).toEqual([
      ['telephony.number_blocked', 'koordinator', 'prank'],
      ['telephony.number_unblocked', 'koordinator', 'was a real emergency'],
    ]);
    expect(() =>
      run(state, { type: 'telephony.unblock', payload: { number: '0811', reason: 'again' } }, supervisor),
    ).toThrow(/not blocked/);
  });

  it('refuses a block without reason, duration or number, and never blocks a withheld caller', () => {
    const schema = COMMAND_SCHEMAS['telephony.block'];
    expect(Value.Check(schema, { number: '0811', minutes: 0, reason: 'prank' })).toBe(false);
    expect(Value.Check(schema, { number: '0811', minutes: 10, reason: ' ' })).toBe(false);
    expect(Value.Check(schema, { number: 'anonymous', minutes: 10, reason: 'prank' })).toBe(false);
    const state = makeState();
    expect(() => run(state, block('0811', 10, '    '), supervisor)).toThrow(/reason/);
    expect(() => run(state, block('(-)', 10, 'prank'), supervisor)).toThrow(/number/);
    expect(new AcdView({}, () => state.telephony).activeBlock(null, 1)).toBeNull();
  });

  it('matches a number however it is written (phone-number.ts)', () => {
    const state = makeState();
    const at = run(state, block('081342112001', 10, 'prank'), supervisor).events[0]!.at;
    const view = new AcdView({}, () => state.telephony);
    expect(view.activeBlock('+6281342112001', at + 1)?.number).toBe('081342112001');
    expect(view.activeBlock('+62 813-4211-2001', at + 1)).not.toBeNull();
    run(
      state,
      { type: 'telephony.unblock', payload: { number: '6281342112001', reason: 'sorry' } },
      supervisor,
    );
    expect(view.activeBlock('081342112001', at + 2)).toBeNull();
  });
});
