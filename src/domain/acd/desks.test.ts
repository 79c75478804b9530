// Desks set up by the admin: which phone rings at which position, and signing in at them.
import { describe, expect, it } from 'vitest';
import { checkpointOf, restoreCheckpoint } from '../checkpoint.ts';
import { emptyState } from '../state.ts';
import { cmd, expectRefused, makeState, run } from '../test-fixtures.ts';
import type { Actor } from '../types.ts';

const admin: Actor = { userId: 'user-admin', role: 'admin', agencyId: null };
const taker: Actor = { userId: 'user-call_taker', role: 'call_taker', agencyId: null };
const desk1 = { positionId: 'meja-1', name: 'Meja 1', extension: '1001', contact: 'sip:1001@10.0.0.5' };
const desk2 = { positionId: 'meja-2', name: 'Meja 2', extension: '1002', contact: 'sip:1002@10.0.0.6' };

describe('desks', () => {
  it('rings the desk’s own phone for whoever signs in there, without typing it', () => {
    const state = makeState();
    run(state, cmd('desk.save', desk1), admin);
    run(state, cmd('telephony.sign_in', { positionId: 'meja-1' }), taker);
    expect(state.telephony.positions.get('meja-1')).toMatchObject({
      userId: taker.userId,
      extension: '1001',
      contact: 'sip:1001@10.0.0.5',
    });
  });

  it('once desks are set up, refuses another desk or another phone at a desk', () => {
    const state = makeState();
    run(state, cmd('desk.save', desk1), admin);
    expectRefused(
      state,
      () =>
        run(
          state,
          cmd('telephony.sign_in', { positionId: 'meja-9', extension: '1009', contact: 'sip:1009@h' }),
          taker,
        ),
      'invalid',
      'desk.unknown',
      'positionId',
    );
    expectRefused(
      state,
      () => run(state, cmd('telephony.sign_in', { positionId: 'meja-1', contact: 'sip:6666@evil' }), taker),
      'invalid',
      'desk.phone',
      'contact',
    );
  });

  it('before any desk is set up, takes the phone the call taker names, and needs one', () => {
    const state = makeState();
    expectRefused(
      state,
      () => run(state, cmd('telephony.sign_in', { positionId: 'meja-1', extension: '1001' }), taker),
      'invalid',
      'desk.phone_required',
      'contact',
    );
    run(
      state,
      cmd('telephony.sign_in', { positionId: 'meja-1', extension: '1001', contact: 'sip:1001@h' }),
      taker,
    );
    expect(state.telephony.positions.get('meja-1')?.contact).toBe('sip:1001@h');
  });

  it('gives one phone to one desk, and keeps the phone of a desk in use', () => {
    const state = makeState();
    run(state, cmd('desk.save', desk1), admin);
    expectRefused(
      state,
      () => run(state, cmd('desk.save', { ...desk2, contact: desk1.contact }), admin),
      'conflict',
      'desk.phone_taken',
    );
    expectRefused(state, () => run(state, cmd('desk.save', desk1), admin), 'invalid', 'admin.no_change');
    run(state, cmd('telephony.sign_in', { positionId: 'meja-1' }), taker);
    expectRefused(
      state,
      () => run(state, cmd('desk.save', { ...desk1, extension: '1011', contact: 'sip:1011@h' }), admin),
      'conflict',
      'desk.in_use',
    );
    expectRefused(
      state,
      () => run(state, cmd('desk.remove', { positionId: 'meja-1' }), admin),
      'conflict',
      'desk.in_use',
    );
    // Renaming it is fine.
    run(state, cmd('desk.save', { ...desk1, name: 'Meja depan' }), admin);
    run(state, cmd('telephony.sign_out', { positionId: 'meja-1' }), taker);
    run(state, cmd('desk.remove', { positionId: 'meja-1' }), admin);
    expect(state.telephony.desks.size).toBe(0);
  });

  it('is the admin’s alone, logged as telephony events, and kept by the checkpoint', () => {
    const state = makeState();
    expectRefused(state, () => run(state, cmd('desk.save', desk1), taker), 'forbidden', 'role.forbidden');
    const { events } = run(state, cmd('desk.save', desk1), admin);
    expect(events.map((e) => e.type)).toEqual(['telephony.desk_saved']);
    run(state, cmd('desk.save', desk2), admin);
    const restored = emptyState();
    restoreCheckpoint(restored, JSON.parse(JSON.stringify(checkpointOf(state))));
    expect([...restored.telephony.desks.keys()]).toEqual(['meja-1', 'meja-2']);
  });
});
