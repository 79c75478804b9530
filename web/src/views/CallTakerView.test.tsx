// @vitest-environment happy-dom
// The call taker's keyboard: one key classifies the call in hand; a junk type waits out an undo (or the same key
// again) before the call ends, so S or G pressed for D never hangs up on an emergency.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Call } from '../../../src/domain/types.ts';
import { UNDO_MS } from '../components/PendingEnd.tsx';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { type Session, SessionContext } from '../session.ts';
import { CallTakerView } from './CallTakerView.tsx';

const session: Session = {
  user: { id: 'u-op1', username: 'operator1', displayName: 'Operator', role: 'call_taker', agencyId: null },
  commands: ['call.classify', 'call.end'],
};

const call: Call = {
  id: 'call-1',
  channel: 'voice',
  number: '081200000001',
  status: 'answered',
  type: null,
  incidentId: null,
  registeredAt: 1_000,
  answeredAt: 2_000,
  answeredBy: 'u-op1',
  classifiedAt: null,
  endedAt: null,
  endedBy: null,
};

interface Sent {
  url: string;
  body: unknown;
  key: string | null;
}

let sent: Sent[];

beforeEach(() => {
  localStorage.clear();
  sent = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (!url.startsWith('/api/commands/')) return new Response('{}', { status: 404 });
      const headers = new Headers(init?.headers);
      sent.push({ url, body: JSON.parse(String(init?.body)), key: headers.get('Idempotency-Key') });
      return Response.json({ seq: sent.length, result: {} });
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderView() {
  const reference = toReference({
    kecamatan: [{ code: '73.02.02', name: 'Ujung Bulu', lat: -5.56, lon: 120.19 }],
    desa: [],
    agencies: [],
    stations: [],
    categories: [],
  });
  const store = new LiveStore(reference, {
    seq: 1,
    calls: [call],
    incidents: [],
    assignments: [],
    units: [],
  });
  render(
    <SessionContext.Provider value={session}>
      <LiveContext.Provider value={store}>
        <CallTakerView />
      </LiveContext.Provider>
    </SessionContext.Provider>,
  );
}

describe('CallTakerView keyboard', () => {
  it('classifies the call in hand as prank with the P key pressed twice and ends it', async () => {
    renderView();
    expect(screen.getByTestId('call-head').textContent).toContain('081200000001');
    act(() => {
      fireEvent.keyDown(document.body, { key: 'p' });
    });
    expect(screen.getByTestId('pending-end').textContent).toContain('Panggilan iseng');
    expect(sent).toHaveLength(0);
    act(() => {
      fireEvent.keyDown(document.body, { key: 'p' });
    });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]?.url).toBe('/api/commands/call.classify');
    expect(sent[0]?.body).toEqual({ callId: 'call-1', callType: 'prank' });
    expect(sent[1]?.url).toBe('/api/commands/call.end');
    expect(sent[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1]?.key).not.toBe(sent[0]?.key);
  });

  it('lets a junk key be undone with Esc, and D after S opens the report without ending the call', async () => {
    renderView();
    act(() => {
      fireEvent.keyDown(document.body, { key: 's' });
    });
    expect(screen.getByTestId('pending-end').textContent).toContain('Salah sambung');
    act(() => {
      fireEvent.keyDown(document.body, { key: 'Escape' });
    });
    expect(screen.queryByTestId('pending-end')).toBeNull();
    act(() => {
      fireEvent.keyDown(document.body, { key: 'g' });
    });
    act(() => {
      fireEvent.keyDown(document.body, { key: 'd' });
    });
    await waitFor(() => expect(screen.getByRole('form', { name: 'Laporan kejadian darurat' })).toBeTruthy());
    expect(screen.queryByTestId('pending-end')).toBeNull();
    expect(sent.map((s) => s.body)).toEqual([{ callId: 'call-1', callType: 'emergency' }]);
  });

  it('ends the call by itself once the undo runs out', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      renderView();
      act(() => {
        fireEvent.keyDown(document.body, { key: 'g' });
      });
      expect(sent).toHaveLength(0);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(UNDO_MS);
      });
      expect(sent.map((s) => s.url)).toEqual(['/api/commands/call.classify', '/api/commands/call.end']);
      expect(sent[0]?.body).toEqual({ callId: 'call-1', callType: 'ghost' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not classify while the key is typed into a field', async () => {
    renderView();
    const number = screen.getByRole('textbox', { name: 'Nomor' });
    number.focus();
    fireEvent.keyDown(number, { key: 'p' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toHaveLength(0);
  });

  it('opens the incident form with D, the callback number filled in, and keeps it across a remount', async () => {
    renderView();
    act(() => {
      fireEvent.keyDown(document.body, { key: 'd' });
    });
    await waitFor(() => expect(screen.getByRole('form', { name: 'Laporan kejadian darurat' })).toBeTruthy());
    expect(sent[0]?.body).toEqual({ callId: 'call-1', callType: 'emergency' });
    expect(
      (screen.getByRole('textbox', { name: 'Nomor telepon yang dapat dihubungi' }) as HTMLInputElement).value,
    ).toBe('081200000001');
    fireEvent.change(screen.getByRole('textbox', { name: 'Alamat' }), { target: { value: 'Jl. Lamatea 3' } });
    cleanup();
    renderView();
    expect((screen.getByRole('textbox', { name: 'Alamat' }) as HTMLInputElement).value).toBe('Jl. Lamatea 3');
    expect(screen.getAllByRole('status').map((e) => e.textContent)).toContainEqual(
      expect.stringContaining('dipulihkan'),
    );
  });
});
