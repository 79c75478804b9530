// Rules of the call queue: longest idle first, FIFO waiting, ring-no-answer, wrap-up, abandon, dedupe, blocked callers.
import { describe, expect, it } from 'vitest';
import { Acd, contactKey } from './acd.ts';
import type { Decision } from './types.ts';

const rings = (ds: Decision[]) =>
  ds.filter((d) => d.kind === 'ring').map((d) => `${d.callId}->${d.kind === 'ring' ? d.positionId : ''}`);

function room(config: ConstructorParameters<typeof Acd>[0] = {}) {
  const acd = new Acd({ wrapUpMs: 5_000, ringTimeoutMs: 15_000, missesBeforeBreak: 2, ...config });
  acd.login('p1', 'u1', '1001', 'sip:1001@10.0.0.1:5060', 1_000);
  acd.login('p2', 'u2', '1002', 'sip:1002@10.0.0.2:5060', 2_000);
  acd.login('p3', 'u3', '1003', 'sip:1003@10.0.0.3:5060', 3_000);
  return acd;
}

describe('routing', () => {
  it('rings the call taker idle longest', () => {
    const acd = room();
    const r = acd.offer('c1', '081234', 10_000);
    expect(r.decisions).toEqual([
      { kind: 'ring', callId: 'c1', positionId: 'p1', contact: 'sip:1001@10.0.0.1:5060', timeoutMs: 15_000 },
    ]);
    expect(acd.position('p1')?.state).toBe('ringing');
    expect(rings(acd.offer('c2', '081235', 10_001).decisions)).toEqual(['c2->p2']);
  });

  it('idle order follows when each call taker became free, not when they logged in', () => {
    const acd = room({ wrapUpMs: 0 });
    acd.offer('c1', null, 10_000);
    acd.answered('c1', 11_000);
    acd.ended('c1', 'caller', 12_000); // p1 free again at 12 s: now the most recently idle
    expect(rings(acd.offer('c2', null, 13_000).decisions)).toEqual(['c2->p2']);
    expect(rings(acd.offer('c3', null, 13_001).decisions)).toEqual(['c3->p3']);
    expect(rings(acd.offer('c4', null, 13_002).decisions)).toEqual(['c4->p1']);
  });

  it('never rings a position on break, on a call or in wrap-up', () => {
    const acd = room();
    acd.setBreak('p1', 'prayer', 5_000);
    acd.offer('c1', null, 10_000);
    acd.answered('c1', 10_500);
    expect(acd.position('p2')?.state).toBe('on_call');
    acd.ended('c1', 'caller', 11_000);
    expect(acd.position('p2')?.state).toBe('wrap_up');
    expect(rings(acd.offer('c2', null, 12_000).decisions)).toEqual(['c2->p3']);
    expect(acd.offer('c3', null, 12_001).decisions).toEqual([{ kind: 'wait', callId: 'c3' }]);
  });

  it('a withheld number is a call like any other', () => {
    const acd = room();
    const r = acd.offer('anon', null, 10_000);
    expect(rings(r.decisions)).toEqual(['anon->p1']);
    expect(acd.call('anon')?.number).toBeNull();
  });
});

describe('queue', () => {
  it('holds callers in arrival order when nobody is free and serves them in order', () => {
    const acd = room({ wrapUpMs: 0 });
    for (const id of ['a', 'b', 'c']) acd.offer(id, null, 10_000);
    for (const id of ['a', 'b', 'c']) acd.answered(id, 10_500);
    expect(acd.offer('q1', null, 11_000).decisions).toEqual([{ kind: 'wait', callId: 'q1' }]);
    expect(acd.offer('q2', null, 12_000).decisions).toEqual([{ kind: 'wait', callId: 'q2' }]);
    expect(acd.queue(12_000).map((c) => c.id)).toEqual(['q1', 'q2']);
    expect(acd.stats(15_000)).toMatchObject({ length: 2, oldestWaitMs: 4_000, available: 0 });
    expect(rings(acd.ended('b', 'caller', 20_000).decisions)).toEqual(['q1->p2']);
    expect(rings(acd.ended('a', 'call_taker', 21_000).decisions)).toEqual(['q2->p1']);
  });

  it('wrap-up keeps a position out of the queue until it expires, then it takes the next caller', () => {
    const acd = room({ wrapUpMs: 5_000 });
    acd.setBreak('p2', 'lunch', 0);
    acd.setBreak('p3', 'lunch', 0);
    acd.offer('a', null, 10_000);
    acd.answered('a', 10_100);
    acd.ended('a', 'caller', 20_000);
    expect(acd.offer('b', null, 21_000).decisions).toEqual([{ kind: 'wait', callId: 'b' }]);
    expect(acd.nextTimerAt(21_000)).toBe(25_000);
    expect(acd.tick(24_999)).toEqual([]);
    expect(rings(acd.tick(25_000))).toEqual(['b->p1']);
  });

  it('a call taker may end wrap-up early', () => {
    const acd = room({ wrapUpMs: 60_000 });
    acd.setBreak('p2', 'x', 0);
    acd.setBreak('p3', 'x', 0);
    acd.offer('a', null, 10_000);
    acd.answered('a', 10_100);
    acd.ended('a', 'caller', 20_000);
    acd.offer('b', null, 21_000);
    expect(rings(acd.setAvailable('p1', 22_000))).toEqual(['b->p1']);
  });

  it('logging in takes the oldest waiting caller', () => {
    const acd = new Acd();
    expect(acd.offer('a', null, 1).decisions).toEqual([{ kind: 'wait', callId: 'a' }]);
    acd.offer('b', null, 2);
    expect(rings(acd.login('p9', 'u9', '1009', 'sip:1009@h', 3))).toEqual(['a->p9']);
  });
});

describe('ring no answer', () => {
  it('moves the call to the next call taker and sends the missing one to the back of the line', () => {
    const acd = room();
    acd.offer('c1', null, 10_000);
    expect(rings(acd.ringFailed('c1', 25_000))).toEqual(['c1->p2']);
    expect(acd.position('p1')).toMatchObject({ state: 'available', idleSince: 25_000, missedInARow: 1 });
    expect(rings(acd.ringFailed('c1', 40_000))).toEqual(['c1->p3']);
    expect(acd.call('c1')?.missedBy).toEqual(['p1', 'p2']);
  });

  it('rings the only free desk again after the re-ring gap, then puts it on break and calls the hunt group', () => {
    const acd = room({ missesBeforeBreak: 2, reRingGapMs: 6_000, noDeskFallbackMs: 10_000 });
    acd.setBreak('p2', 'x', 0);
    acd.setBreak('p3', 'x', 0);
    acd.offer('c1', null, 10_000);
    // Only p1 is available: it is rung again once its phone has ended the first INVITE, having missed once.
    expect(acd.ringFailed('c1', 25_000, 408)).toEqual([{ kind: 'wait', callId: 'c1' }]);
    expect(acd.position('p1')).toMatchObject({ state: 'available', missedInARow: 1 });
    expect(acd.nextTimerAt(25_000)).toBe(31_000);
    expect(acd.tick(30_999)).toEqual([]);
    expect(rings(acd.tick(31_000))).toEqual(['c1->p1']);
    expect(acd.ringFailed('c1', 46_000, 408)).toEqual([{ kind: 'wait', callId: 'c1' }]);
    expect(acd.position('p1')).toMatchObject({ state: 'on_break', breakReason: 'missed_calls' });
    // The hunt group once p1's phone has ended its INVITE (it may be one of the hunt group's phones).
    expect(acd.nextTimerAt(46_000)).toBe(52_000);
    expect(acd.tick(52_000)).toEqual([{ kind: 'fallback', callId: 'c1', reason: 'no_desk' }]);
    expect(acd.call('c1')).toMatchObject({ status: 'ringing', fallback: true, fallbackReason: 'no_desk' });
    expect(acd.queue(52_000)).toEqual([]);
  });

  it('a ring the phone refused itself (482 merged request, 488 media) is not the desk’s miss', () => {
    const acd = room({ missesBeforeBreak: 1 });
    acd.setBreak('p2', 'x', 0);
    acd.setBreak('p3', 'x', 0);
    acd.offer('c1', null, 10_000);
    acd.ringFailed('c1', 10_050, 482);
    expect(acd.position('p1')).toMatchObject({ state: 'available', missedInARow: 0, idleSince: 1_000 });
    expect(acd.call('c1')?.missedBy).toEqual(['p1']);
  });

  it('a call every free desk refuses for its body or media goes to the hunt group at once, nobody on break', () => {
    const acd = room({ missesBeforeBreak: 1 });
    acd.offer('c1', null, 10_000); // rings p1
    expect(rings(acd.ringFailed('c1', 10_010, 488))).toEqual(['c1->p2']);
    expect(rings(acd.ringFailed('c1', 10_020, 500))).toEqual(['c1->p3']);
    expect(acd.ringFailed('c1', 10_030, 415)).toEqual([
      { kind: 'fallback', callId: 'c1', reason: 'refused' },
    ]);
    expect(acd.call('c1')).toMatchObject({
      fallback: true,
      fallbackReason: 'refused',
      refusedBy: ['p1', 'p2', 'p3'],
    });
    expect(acd.positions().map((p) => [p.state, p.missedInARow])).toEqual([
      ['available', 0],
      ['available', 0],
      ['available', 0],
    ]);
    // The next caller rings the desk idle longest, as before.
    expect(rings(acd.offer('c2', null, 11_000).decisions)).toEqual(['c2->p1']);
  });

  it('a refused call does not wait for busy desks', () => {
    const acd = room();
    acd.offer('c0', null, 5_000);
    acd.answered('c0', 5_100); // p1 busy
    acd.setBreak('p3', 'x', 0);
    acd.offer('c1', null, 10_000); // rings p2
    expect(acd.ringFailed('c1', 10_010, 606)).toEqual([
      { kind: 'fallback', callId: 'c1', reason: 'refused' },
    ]);
  });

  it('an answered call resets the missed count', () => {
    const acd = room({ missesBeforeBreak: 3 });
    acd.setBreak('p2', 'x', 0);
    acd.setBreak('p3', 'x', 0);
    acd.offer('c1', null, 10_000);
    acd.ringFailed('c1', 25_000);
    expect(acd.position('p1')?.missedInARow).toBe(1);
    expect(rings(acd.tick(31_000))).toEqual(['c1->p1']);
    acd.answered('c1', 32_000);
    expect(acd.position('p1')?.missedInARow).toBe(0);
  });

  it('a ring failure for an unknown or answered call changes nothing', () => {
    const acd = room();
    expect(acd.ringFailed('nope', 1)).toEqual([]);
    acd.offer('c1', null, 10_000);
    acd.answered('c1', 10_100);
    expect(acd.ringFailed('c1', 10_200)).toEqual([]);
    expect(acd.position('p1')?.state).toBe('on_call');
  });

  it('logging out a ringing position moves the call on', () => {
    const acd = room();
    acd.offer('c1', null, 10_000);
    expect(rings(acd.logout('p1', 11_000))).toEqual(['c1->p2']);
    expect(acd.position('p1')).toBeUndefined();
  });
});

describe('abandoned calls', () => {
  it('a caller hanging up while waiting goes on the callback list', () => {
    const acd = new Acd();
    acd.offer('a', '0812', 1_000);
    acd.abandoned('a', 31_000);
    expect(acd.callbacks()).toEqual([
      { callId: 'a', number: '0812', offeredAt: 1_000, abandonedAt: 31_000, waitedMs: 30_000 },
    ]);
    expect(acd.queue(31_000)).toEqual([]);
    expect(acd.call('a')?.status).toBe('abandoned');
    expect(acd.callbackDone('a')).toBe(true);
    expect(acd.callbacks()).toEqual([]);
  });

  it('a caller hanging up while ringing frees the position without blame', () => {
    const acd = room();
    acd.offer('a', null, 10_000);
    acd.abandoned('a', 12_000);
    expect(acd.position('p1')).toMatchObject({ state: 'available', missedInARow: 0, idleSince: 1_000 });
    expect(acd.callbacks()).toHaveLength(1);
    expect(rings(acd.offer('b', null, 13_000).decisions)).toEqual(['b->p1']);
  });

  it('the callback list is bounded', () => {
    const acd = new Acd({ callbackLimit: 2 });
    for (const id of ['a', 'b', 'c']) {
      acd.offer(id, null, 1);
      acd.abandoned(id, 2);
    }
    expect(acd.callbacks().map((c) => c.callId)).toEqual(['b', 'c']);
  });

  it('an answered call is not abandoned', () => {
    const acd = room();
    acd.offer('a', null, 1);
    acd.answered('a', 2);
    expect(acd.abandoned('a', 3)).toEqual([]);
    expect(acd.callbacks()).toEqual([]);
  });
});

describe('SIP retransmissions', () => {
  it('a retransmitted 200 OK is one answer', () => {
    const acd = room();
    acd.offer('a', null, 1);
    expect(acd.answered('a', 2)).toEqual({ duplicate: false, positionId: 'p1' });
    expect(acd.answered('a', 3)).toEqual({ duplicate: true, positionId: 'p1' });
    expect(acd.call('a')?.answeredAt).toBe(2);
  });

  it('a retransmitted INVITE repeats the current decision without a second call', () => {
    const acd = room();
    acd.offer('a', null, 1);
    const again = acd.offer('a', null, 2);
    expect(again.duplicate).toBe(true);
    expect(rings(again.decisions)).toEqual(['a->p1']);
    expect(acd.position('p2')?.state).toBe('available');
  });

  it('a retransmitted BYE ends the call once', () => {
    const acd = room();
    acd.offer('a', null, 1);
    acd.answered('a', 2);
    expect(acd.ended('a', 'caller', 3).duplicate).toBe(false);
    expect(acd.ended('a', 'caller', 4).duplicate).toBe(true);
    expect(acd.call('a')).toMatchObject({ status: 'ended', endedAt: 3, endedBy: 'caller' });
    expect(acd.answered('a', 5).duplicate).toBe(true);
  });
});

describe('blocked numbers', () => {
  it('a blocked caller waits behind other callers but is still answered', () => {
    const acd = room({ blockedMaxWaitMs: 60_000, noDeskFallbackMs: 600_000 });
    for (const p of ['p1', 'p2', 'p3']) acd.setBreak(p, 'x', 0);
    acd.offer('blocked', '0811', 10_000, 'prank 5 times today');
    acd.offer('normal', '0812', 11_000);
    expect(acd.queue(12_000).map((c) => c.id)).toEqual(['normal', 'blocked']);
    expect(rings(acd.setAvailable('p1', 12_000))).toEqual(['normal->p1']);
    expect(rings(acd.setAvailable('p2', 13_000))).toEqual(['blocked->p2']);
  });

  it('a blocked caller who waited too long is served in arrival order', () => {
    const acd = room({ blockedMaxWaitMs: 60_000, noDeskFallbackMs: 600_000 });
    for (const p of ['p1', 'p2', 'p3']) acd.setBreak(p, 'x', 0);
    acd.offer('blocked', '0811', 10_000, 'prank');
    acd.offer('normal', '0812', 65_000);
    expect(acd.nextTimerAt(65_000)).toBe(70_000);
    expect(acd.queue(69_999).map((c) => c.id)).toEqual(['normal', 'blocked']);
    expect(acd.queue(70_000).map((c) => c.id)).toEqual(['blocked', 'normal']);
  });

  it('a blocked caller with a free call taker rings straight away', () => {
    const acd = room();
    expect(rings(acd.offer('b', '0811', 1, 'prank').decisions)).toEqual(['b->p1']);
  });
});

describe('fallback calls', () => {
  it('are recorded but never routed, and an answer by a position phone marks it on a call', () => {
    const acd = room();
    expect(acd.offerFallback('f', '0812', 100)).toBe(true);
    expect(acd.offerFallback('f', '0812', 100)).toBe(false);
    expect(acd.ringFailed('f', 200)).toEqual([]);
    expect(acd.answered('f', 300, '<sip:1002@10.0.0.2:5060;transport=udp>')).toEqual({
      duplicate: false,
      positionId: 'p2',
    });
    expect(acd.position('p2')?.state).toBe('on_call');
    expect(rings(acd.offer('n', null, 400).decisions)).toEqual(['n->p1']);
  });
});

describe('positions', () => {
  it('refuses to break or log out a position on a call', () => {
    const acd = room();
    acd.offer('a', null, 1);
    expect(() => acd.setBreak('p1', 'x', 2)).toThrow(/ringing/);
    acd.answered('a', 2);
    expect(() => acd.logout('p1', 3)).toThrow(/on a call/);
    expect(() => acd.setAvailable('zz', 3)).toThrow(/No call taker/);
  });

  it('contactKey compares SIP URIs by user, host and port', () => {
    expect(contactKey('"Op" <sip:1001@10.0.0.1:5060;transport=udp>;expires=3600')).toBe('1001@10.0.0.1:5060');
    expect(contactKey('SIP:1001@10.0.0.1:5060')).toBe('1001@10.0.0.1:5060');
  });
});

describe('no desk can answer: the switch’s hunt group', () => {
  it('nobody signed in: the caller waits the no-desk delay, then goes to the hunt group', () => {
    const acd = new Acd({ noDeskFallbackMs: 10_000 });
    expect(acd.offer('c1', '0811', 1_000).decisions).toEqual([{ kind: 'wait', callId: 'c1' }]);
    expect(acd.nextTimerAt(1_000)).toBe(11_000);
    expect(acd.tick(10_999)).toEqual([]);
    expect(acd.tick(11_000)).toEqual([{ kind: 'fallback', callId: 'c1', reason: 'no_desk' }]);
    expect(acd.call('c1')).toMatchObject({ status: 'ringing', fallback: true, fallbackReason: 'no_desk' });
    expect(acd.nextTimerAt(11_000)).toBeNull();
  });

  it('with no delay configured the offer itself sends the caller to the hunt group', () => {
    const acd = new Acd({ noDeskFallbackMs: 0 });
    expect(acd.offer('c1', null, 1_000).decisions).toEqual([
      { kind: 'fallback', callId: 'c1', reason: 'no_desk' },
    ]);
  });

  it('every desk on break counts as no desk; a desk signing in before the delay takes the call', () => {
    const acd = room({ noDeskFallbackMs: 10_000 });
    for (const p of ['p1', 'p2', 'p3']) acd.setBreak(p, 'prayer', 5_000);
    expect(acd.offer('c1', null, 10_000).decisions).toEqual([{ kind: 'wait', callId: 'c1' }]);
    expect(acd.nextTimerAt(10_000)).toBe(20_000);
    expect(rings(acd.setAvailable('p2', 15_000))).toEqual(['c1->p2']);
    expect(acd.nextTimerAt(15_000)).toBeNull();
  });

  it('a desk on a call can answer later: the caller waits in the queue, not in the hunt group', () => {
    const acd = room({ noDeskFallbackMs: 0 });
    acd.setBreak('p2', 'x', 0);
    acd.setBreak('p3', 'x', 0);
    acd.offer('c1', null, 10_000);
    acd.answered('c1', 10_100);
    expect(acd.offer('c2', null, 11_000).decisions).toEqual([{ kind: 'wait', callId: 'c2' }]);
    expect(acd.nextTimerAt(11_000)).toBeNull();
  });

  it('every desk failed the call (unreachable phones, 408): the hunt group after the re-ring gap, nobody on break', () => {
    const acd = room({ missesBeforeBreak: 2, reRingGapMs: 6_000 });
    acd.offer('c1', null, 10_000);
    expect(rings(acd.ringFailed('c1', 12_000, 408))).toEqual(['c1->p2']);
    expect(rings(acd.ringFailed('c1', 14_000, 408))).toEqual(['c1->p3']);
    expect(acd.ringFailed('c1', 16_000, 408)).toEqual([{ kind: 'wait', callId: 'c1' }]);
    expect(acd.nextTimerAt(16_000)).toBe(22_000);
    expect(acd.tick(22_000)).toEqual([{ kind: 'fallback', callId: 'c1', reason: 'all_failed' }]);
    expect(acd.positions().map((p) => [p.id, p.state, p.missedInARow])).toEqual([
      ['p1', 'available', 1],
      ['p2', 'available', 1],
      ['p3', 'available', 1],
    ]);
  });

  it('a call the switch reports in the hunt group after Pinisi sent it there is recorded once', () => {
    const acd = new Acd({ noDeskFallbackMs: 0 });
    acd.offer('c1', null, 1_000);
    acd.takeEvents();
    acd.offerFallback('c1', null, 1_005, { reason: 'no_desk' });
    expect(acd.takeEvents()).toEqual([]);
  });
});
