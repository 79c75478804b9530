// @vitest-environment happy-dom
// The supervisor's desk board: every desk's state (signed out too), signing a desk out after a confirmation, and the
// reason each hunt-group call gives.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Position, TelephonyCall } from '../../../src/domain/acd/types.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { type Session, SessionContext } from '../session.ts';
import { DeskBoard } from './DeskBoard.tsx';

const session: Session = {
  user: {
    id: 'u-sv',
    username: 'koordinator',
    displayName: 'Koordinator',
    role: 'supervisor',
    agencyId: null,
  },
  commands: ['telephony.sign_out'],
};

const NOW = Date.now();

function position(id: string, state: Position['state']): Position {
  return {
    id,
    userId: `u-${id}`,
    extension: `10${id.slice(-2)}`,
    contact: `sip:10${id.slice(-2)}@192.0.2.1`,
    state,
    since: NOW - 5_000,
    idleSince: NOW - 5_000,
    wrapUpUntil: null,
    callId: null,
    missedInARow: 0,
    breakReason: state === 'on_break' ? 'break' : null,
  };
}

const fallbackCall: TelephonyCall = {
  id: 'sip-1',
  number: '081200000009',
  status: 'ringing',
  blockedReason: null,
  fallback: true,
  fallbackReason: 'no_desk',
  offeredAt: NOW - 12_000,
  rangAt: NOW - 2_000,
  ringingPosition: null,
  missedBy: [],
  answeredAt: null,
  answeredBy: null,
  endedAt: null,
  endedBy: null,
  callId: 'call-9',
  fromTag: 'f',
  location: null,
  outsideServiceArea: null,
  locationError: null,
  answeredByUser: null,
};

const ended = (id: string, change: Partial<TelephonyCall>): TelephonyCall => ({
  ...fallbackCall,
  id,
  fallback: false,
  fallbackReason: null,
  status: 'ended',
  answeredAt: NOW - 60_000,
  answeredBy: 'pos-01',
  answeredByUser: 'u-pos-01',
  ...change,
});

const finishedCalls: TelephonyCall[] = [
  ended('sip-caller', { number: '081200000001', endedAt: NOW - 30_000, endedBy: 'caller' }),
  ended('sip-taker', { number: '081200000002', endedAt: NOW - 20_000, endedBy: 'call_taker' }),
  ended('sip-refused', {
    number: '081200000003',
    endedAt: NOW - 10_000,
    endedBy: 'caller',
    answeredBy: null,
    answeredByUser: null,
    fallback: true,
    fallbackReason: 'refused',
    refusedBy: ['pos-01', 'pos-03'],
  }),
  ended('sip-gone', {
    number: '081200000004',
    status: 'abandoned',
    endedAt: NOW - 5_000,
    endedBy: 'caller',
    answeredAt: null,
    answeredBy: null,
    answeredByUser: null,
  }),
  ended('sip-old', { number: '081200000005', endedAt: NOW - 2 * 3_600_000, endedBy: 'caller' }),
];

let sent: Array<{ url: string; body: unknown }>;

beforeEach(() => {
  sent = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      sent.push({ url, body: JSON.parse(String(init?.body)) });
      return Response.json({ seq: 2, result: {} });
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderBoard(calls: TelephonyCall[] = [fallbackCall]) {
  const reference = toReference({ kecamatan: [], desa: [], agencies: [], stations: [], categories: [] });
  const store = new LiveStore(reference, {
    seq: 1,
    calls: [],
    incidents: [],
    assignments: [],
    units: [],
    telephony: {
      positions: [
        position('pos-01', 'on_call'),
        position('pos-02', 'on_break'),
        position('pos-03', 'available'),
      ],
      calls,
      callbacks: [],
      blocks: [],
      signedOut: [{ id: 'pos-04', userId: 'u-4', extension: '1004', since: NOW - 60_000 }],
    },
  });
  render(
    <SessionContext.Provider value={session}>
      <LiveContext.Provider value={store}>
        <DeskBoard now={NOW} />
      </LiveContext.Provider>
    </SessionContext.Provider>,
  );
}

describe('DeskBoard', () => {
  it('shows every desk’s state, signed-out desks included, in Indonesian', () => {
    renderBoard();
    expect(screen.getByTestId('desk-state-pos-01').textContent).toBe('dalam panggilan');
    expect(screen.getByTestId('desk-state-pos-02').textContent).toBe('istirahat');
    expect(screen.getByTestId('desk-state-pos-03').textContent).toBe('siap');
    expect(screen.getByTestId('desk-state-pos-04').textContent).toBe('keluar');
  });

  it('signs a desk out only after the confirmation, never a desk on a call', async () => {
    renderBoard();
    expect(screen.queryByTestId('desk-signout-pos-01')).toBeNull();
    expect(screen.queryByTestId('desk-signout-pos-04')).toBeNull();
    act(() => {
      fireEvent.click(within(screen.getByTestId('desk-pos-02')).getByRole('button', { name: 'Keluarkan' }));
    });
    expect(sent).toHaveLength(0);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Ya, keluarkan' }));
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ url: '/api/commands/telephony.sign_out', body: { positionId: 'pos-02' } });
  });

  it('says why a call went to the hunt group', () => {
    renderBoard();
    expect(screen.getByTestId('fallbacks').textContent).toContain('081200000009');
    expect(screen.getByTestId('fallback-reason').textContent).toBe('tidak ada meja yang dapat menjawab');
  });

  it('says who hung up each finished call of the last hour, and which desk phones refused a call', () => {
    renderBoard(finishedCalls);
    const rows = within(screen.getByTestId('finished')).getAllByRole('listitem');
    expect(rows.map((r) => r.dataset.testid)).toEqual([
      'finished-sip-gone',
      'finished-sip-refused',
      'finished-sip-taker',
      'finished-sip-caller',
    ]);
    expect(screen.getByTestId('finished-sip-caller').textContent).toContain(
      'Meja pos-01 · penelepon menutup telepon',
    );
    expect(screen.getByTestId('finished-sip-taker').textContent).toContain('petugas menutup telepon');
    expect(screen.getByTestId('finished-sip-gone').textContent).toContain(
      'penelepon menutup sebelum dijawab',
    );
    expect(screen.getByTestId('finished-sip-refused').textContent).toContain(
      'ditolak telepon meja pos-01, pos-03 (media atau isi panggilan tidak didukung)',
    );
    expect(screen.getByTestId('fallback-reason').textContent).toBe(
      'telepon meja menolak panggilan ini (media atau isinya)',
    );
  });
});
