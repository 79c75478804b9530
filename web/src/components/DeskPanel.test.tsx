// @vitest-environment happy-dom
// The call taker's desk panel: signing in at a desk, and once signed in how the last call ended (who hung up) and the
// calls this desk's phone refused.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Desk, Position, TelephonyCall } from '../../../src/domain/acd/types.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { type MapConfig, MapConfigContext } from '../map-config.ts';
import { type Session, SessionContext } from '../session.ts';
import { DeskPanel } from './DeskPanel.tsx';

const session: Session = {
  user: { id: 'u-ct', username: 'petugas1', displayName: 'Petugas 1', role: 'call_taker', agencyId: null },
  commands: ['telephony.sign_in', 'telephony.take_break', 'telephony.set_available', 'telephony.sign_out'],
};

const NOW = Date.now();

const desk: Position = {
  id: 'meja-1',
  userId: 'u-ct',
  extension: '1001',
  contact: 'sip:1001@192.0.2.1',
  state: 'available',
  since: NOW - 5_000,
  idleSince: NOW - 5_000,
  wrapUpUntil: null,
  callId: null,
  missedInARow: 0,
  breakReason: null,
};

function call(id: string, change: Partial<TelephonyCall>): TelephonyCall {
  return {
    id,
    number: '081200000001',
    status: 'ended',
    blockedReason: null,
    fallback: false,
    fallbackReason: null,
    offeredAt: NOW - 120_000,
    rangAt: NOW - 119_000,
    ringingPosition: null,
    missedBy: [],
    answeredAt: NOW - 118_000,
    answeredBy: 'meja-1',
    endedAt: NOW - 60_000,
    endedBy: 'caller',
    callId: `call-${id}`,
    fromTag: 'f',
    location: null,
    outsideServiceArea: null,
    locationError: null,
    answeredByUser: 'u-ct',
    ...change,
  };
}

let sent: Array<{ url: string; body: unknown }>;

beforeEach(() => {
  sent = [];
  localStorage.clear();
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

function renderPanel(
  positions: Position[],
  calls: TelephonyCall[],
  desks: Desk[] = [],
  options: { targets?: MapConfig['transferTargets']; category?: string } = {},
) {
  const reference = toReference({ kecamatan: [], desa: [], agencies: [], stations: [], categories: [] });
  const store = new LiveStore(reference, {
    seq: 1,
    calls: [],
    incidents: [],
    assignments: [],
    units: [],
    telephony: { positions, calls, callbacks: [], blocks: [], signedOut: [], desks },
  });
  render(
    <SessionContext.Provider value={session}>
      <LiveContext.Provider value={store}>
        <MapConfigContext.Provider value={{ transferTargets: options.targets ?? [] }}>
          <DeskPanel category={options.category ?? null} />
        </MapConfigContext.Provider>
      </LiveContext.Provider>
    </SessionContext.Provider>,
  );
}

describe('DeskPanel', () => {
  it('signs in at a desk with its phone and remembers the desk for this PC', async () => {
    renderPanel([], []);
    expect(screen.getByRole('status').textContent).toContain('Anda belum masuk ke meja');
    const type = (name: string, value: string) =>
      fireEvent.change(screen.getByLabelText(name), { target: { value } });
    act(() => {
      type('Meja', ' meja-1 ');
      type('Ekstensi telepon', '1001');
      type('Alamat SIP telepon', 'sip:1001@192.0.2.1');
      fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      url: '/api/commands/telephony.sign_in',
      body: { positionId: 'meja-1', extension: '1001', contact: 'sip:1001@192.0.2.1' },
    });
    await waitFor(() => expect(localStorage.getItem('pinisi.desk')).toContain('meja-1'));
  });

  it('offers the desks the admin set up and signs in at one by its id alone; a desk in use cannot be chosen', async () => {
    const other: Position = {
      ...desk,
      id: 'meja-2',
      userId: 'u-other',
      extension: '1002',
      contact: 'sip:1002@192.0.2.2',
    };
    renderPanel(
      [other],
      [],
      [
        { id: 'meja-1', name: 'Meja satu', extension: '1001', contact: 'sip:1001@192.0.2.1' },
        { id: 'meja-2', name: 'Meja dua', extension: '1002', contact: 'sip:1002@192.0.2.2' },
      ],
    );
    expect(screen.queryByLabelText('Ekstensi telepon')).toBeNull();
    const select = screen.getByLabelText('Meja') as HTMLSelectElement;
    const taken = [...select.options].find((o) => o.value === 'meja-2')!;
    expect(taken.disabled).toBe(true);
    expect(taken.textContent).toContain('dipakai');
    act(() => {
      fireEvent.change(select, { target: { value: 'meja-1' } });
      fireEvent.click(screen.getByRole('button', { name: 'Masuk' }));
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ url: '/api/commands/telephony.sign_in', body: { positionId: 'meja-1' } });
  });

  it('says who hung up the last call this call taker answered', () => {
    renderPanel(
      [desk],
      [
        call('older', { number: '081200000009', endedAt: NOW - 90_000, endedBy: 'call_taker' }),
        call('last', { endedAt: NOW - 30_000, endedBy: 'caller' }),
        call('other', { answeredByUser: 'u-other', answeredBy: 'meja-2', endedAt: NOW - 1_000 }),
      ],
    );
    const line = screen.getByTestId('last-call').textContent;
    expect(line).toContain('Panggilan terakhir (081200000001');
    expect(line).toContain('penelepon menutup telepon');
  });

  it('tells the call taker of a call this desk’s phone refused, and of none other', () => {
    renderPanel(
      [desk],
      [
        call('refused', {
          number: '081200000007',
          answeredAt: null,
          answeredBy: null,
          answeredByUser: null,
          fallback: true,
          fallbackReason: 'refused',
          refusedBy: ['meja-1'],
        }),
        call('elsewhere', { number: '081200000008', refusedBy: ['meja-2'] }),
      ],
    );
    const refused = screen.getAllByTestId('refused-here');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.textContent).toContain('Telepon meja ini menolak panggilan 081200000007');
    expect(screen.queryByTestId('last-call')?.textContent ?? '').not.toContain('081200000007');
  });

  it('transfers the call in hand to a free desk chosen from a list, by keyboard-reachable controls', async () => {
    const onCall: Position = { ...desk, state: 'on_call', callId: 's1' };
    const free: Position = {
      ...desk,
      id: 'meja-2',
      userId: 'u-2',
      extension: '1002',
      contact: 'sip:1002@192.0.2.2',
    };
    const busy: Position = { ...free, id: 'meja-3', userId: 'u-3', extension: '1003', state: 'on_break' };
    renderPanel(
      [onCall, free, busy],
      [call('s1', { status: 'answered', endedAt: null, endedBy: null })],
      [{ id: 'meja-2', name: 'Meja dua', extension: '1002', contact: 'sip:1002@192.0.2.2' }],
    );
    const select = screen.getByLabelText('Tujuan') as HTMLSelectElement;
    // Only desks signed in and free are offered: not this desk, not one on break.
    expect([...select.options].map((o) => o.value)).toEqual(['', 'desk:meja-2']);
    expect(select.options[1]!.textContent).toBe('Meja dua · 1002');
    const button = screen.getByRole('button', { name: 'Alihkan' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    act(() => {
      fireEvent.change(select, { target: { value: 'desk:meja-2' } });
    });
    expect(button.disabled).toBe(false);
    act(() => {
      fireEvent.click(button);
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      url: '/api/commands/telephony.transfer',
      body: { sipCallId: 's1', toPositionId: 'meja-2' },
    });
  });

  it('offers the supervisor and outside numbers, the category’s agency first and chosen, and sends it in one press', async () => {
    const onCall: Position = { ...desk, state: 'on_call', callId: 's1' };
    renderPanel([onCall], [call('s1', { status: 'answered', endedAt: null, endedBy: null })], [], {
      category: 'kriminalitas',
      targets: [
        { id: 'supervisor', name: 'Supervisor', kind: 'supervisor', dialable: false },
        { id: 'polisi', name: 'Polisi (110)', kind: 'police', dialable: true },
        { id: 'sapa', name: 'SAPA 129', kind: 'women_children', dialable: false },
      ],
    });
    const select = screen.getByLabelText('Tujuan') as HTMLSelectElement;
    expect(select.value).toBe('target:polisi');
    expect([...select.querySelectorAll('optgroup')].map((g) => g.label)).toEqual([
      'Disarankan',
      'Supervisor dan nomor luar',
    ]);
    // A number nobody has set is shown but cannot be chosen; the supervisor always can (a desk or the phone).
    const sapa = [...select.options].find((o) => o.value === 'target:sapa')!;
    expect(sapa.disabled).toBe(true);
    expect(sapa.textContent).toBe('SAPA 129 (nomor belum diatur)');
    expect([...select.options].find((o) => o.value === 'target:supervisor')?.disabled).toBe(false);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Alihkan' }));
    });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      url: '/api/commands/telephony.transfer_out',
      body: { sipCallId: 's1', targetId: 'polisi' },
    });
  });

  it('says the caller stays connected while the target rings, and that the call stayed when it did not answer', () => {
    const onCall: Position = { ...desk, state: 'on_call', callId: 's1' };
    const target: Position = {
      ...desk,
      id: 'meja-2',
      userId: 'u-2',
      extension: '1002',
      state: 'ringing',
      callId: 's1',
    };
    renderPanel(
      [onCall, target],
      [call('s1', { status: 'answered', endedAt: null, endedBy: null, transferTo: 'meja-2' })],
    );
    expect(screen.getByTestId('transfer-state').textContent).toContain(
      'Penelepon tetap tersambung dengan Anda',
    );
    cleanup();
    renderPanel(
      [onCall, { ...target, state: 'available', callId: null }],
      [
        call('s1', {
          status: 'answered',
          endedAt: null,
          endedBy: null,
          transferFailed: { positionId: 'meja-2', code: 408, at: NOW },
        }),
      ],
    );
    expect(screen.getByTestId('transfer-state').textContent).toBe(
      'meja-2 · 1002 tidak menerima panggilan (kode 408); panggilan tetap pada Anda.',
    );
  });

  it('names the outside number that did not answer, and the one a call was passed to', () => {
    const onCall: Position = { ...desk, state: 'on_call', callId: 's1' };
    const failedOut = { positionId: null, targetId: 'polisi', name: 'Polisi (110)', code: 486, at: NOW };
    renderPanel(
      [onCall],
      [call('s1', { status: 'answered', endedAt: null, endedBy: null, transferFailed: failedOut })],
    );
    expect(screen.getByTestId('transfer-state').textContent).toBe(
      'Polisi (110) tidak menerima panggilan (kode 486); panggilan tetap pada Anda.',
    );
    cleanup();
    renderPanel(
      [{ ...desk, state: 'wrap_up' }],
      [
        call('s1', {
          status: 'answered',
          answeredBy: null,
          endedAt: null,
          endedBy: null,
          transferredOut: { targetId: 'polisi', name: 'Polisi (110)' },
        }),
      ],
    );
    expect(screen.getByTestId('transferred-out').textContent).toBe(
      'Panggilan 081200000001 diteruskan ke Polisi (110).',
    );
  });
});
