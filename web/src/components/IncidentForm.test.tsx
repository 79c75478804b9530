// @vitest-environment happy-dom
// Submitting the incident form: one `incident.report` command (created, triaged, forwarded together); a lost
// answer is retried with the same key, so the incident is never made twice; ending the call is a step of its own.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../../src/domain/events.ts';
import type { Call, Incident } from '../../../src/domain/types.ts';
import { LiveContext, LiveStore, toReference } from '../live.ts';
import { type Session, SessionContext } from '../session.ts';
import { CallTakerView } from '../views/CallTakerView.tsx';
import { EMPTY_DRAFT, type IncidentDraft } from './IncidentForm.tsx';

const session: Session = {
  user: { id: 'u-op1', username: 'operator1', displayName: 'Operator', role: 'call_taker', agencyId: null },
  commands: [],
};

const call: Call = {
  id: 'call-7',
  channel: 'voice',
  number: '081355501234',
  status: 'answered',
  type: 'emergency',
  incidentId: null,
  registeredAt: 1_000,
  answeredAt: 2_000,
  answeredBy: 'u-op1',
  classifiedAt: 2_500,
  endedAt: null,
  endedBy: null,
};

const draft: IncidentDraft = {
  ...EMPTY_DRAFT,
  open: true,
  callId: 'call-7',
  category: 'kebakaran_bangunan',
  kecamatan: '73.02.02',
  address: 'Jl. Sam Ratulangi 12',
  lat: -5.557,
  lon: 120.196,
  callerPhone: '081355501234',
  description: 'Rumah terbakar',
  answers: { orang_terjebak: true },
};

interface Sent {
  type: string;
  body: Record<string, unknown>;
  key: string | null;
}

let sent: Sent[];
let reportFailures: number;

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('pinisi.draft.incident.operator1', JSON.stringify(draft));
  sent = [];
  reportFailures = 1;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      if (!url.startsWith('/api/commands/')) return new Response('{}', { status: 404 });
      const type = url.slice('/api/commands/'.length);
      sent.push({
        type,
        body: JSON.parse(String(init?.body)),
        key: new Headers(init?.headers).get('Idempotency-Key'),
      });
      if (type === 'incident.report' && reportFailures-- > 0) throw new TypeError('Failed to fetch');
      const result =
        type === 'incident.report' ? { incidentId: 'inc-9', number: '2026-000009', priority: 1 } : {};
      return Response.json({ seq: sent.length, result });
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderView(): LiveStore {
  const reference = toReference({
    kecamatan: [{ code: '73.02.02', name: 'Ujung Bulu', lat: -5.56, lon: 120.19 }],
    desa: [],
    agencies: [{ id: 'damkar', code: 'DAMKAR', name: 'Damkar' }],
    stations: [],
    categories: [
      {
        code: 'kebakaran_bangunan',
        nameId: 'Kebakaran bangunan',
        nameEn: 'Building fire',
        group: 'fire',
        agencies: ['damkar'],
        defaultPriority: 1,
      },
    ],
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
  return store;
}

/** The stream's news that the report made incident 2026-000009 from the call. */
function reportedEvent(): StoredEvent {
  const incident: Incident = {
    id: 'inc-9',
    number: '2026-000009',
    category: 'kebakaran_bangunan',
    location: { kecamatan: '73.02.02', desa: null, address: null, landmark: null, lat: null, lon: null },
    caller: { name: null, phone: '081355501234' },
    description: 'Rumah terbakar',
    priority: 1,
    status: 'new',
    callIds: ['call-7'],
    createdAt: 3_000,
    createdBy: 'u-op1',
    forwardedAt: null,
    dispatchedAt: null,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    updatedAt: 3_000,
    triage: null,
  };
  return { type: 'incident.created', incident, at: 3_000, actor: 'u-op1', agencies: [], seq: 2, hash: 'h' };
}

const submit = () =>
  act(() => {
    screen.getByRole<HTMLFormElement>('form', { name: 'Laporan kejadian darurat' }).requestSubmit();
  });

describe('IncidentForm submit', () => {
  it('reports with one command, retrying a lost answer with the same key; the call stays on the line', async () => {
    const store = renderView();
    submit();
    await waitFor(() => expect(screen.getByTestId('command-queued').textContent).toContain('Belum terkirim'));
    expect(sent.map((s) => s.type)).toEqual(['incident.report']);
    expect(sent[0]?.body).toEqual({
      callId: 'call-7',
      category: 'kebakaran_bangunan',
      location: {
        kecamatan: '73.02.02',
        desa: null,
        address: 'Jl. Sam Ratulangi 12',
        landmark: null,
        lat: -5.557,
        lon: 120.196,
      },
      caller: { name: null, phone: '081355501234' },
      description: 'Rumah terbakar',
      // No priority chosen: the server applies the SOP's for these answers.
      answers: { orang_terjebak: true },
    });

    submit();
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Laporan kejadian darurat' })).toBeNull());
    expect(sent.map((s) => s.type)).toEqual(['incident.report', 'incident.report']);
    expect(sent[1]?.key).toBe(sent[0]?.key);
    expect(sent[1]?.body).toEqual(sent[0]?.body);
    expect(screen.getAllByRole('status').map((e) => e.textContent)).toContainEqual(
      expect.stringContaining('2026-000009'),
    );
    await waitFor(() =>
      expect(JSON.parse(localStorage.getItem('pinisi.draft.incident.operator1') ?? '{}').open).toBe(false),
    );

    // The call taker may still give the caller instructions; ending the call is the next, separate step.
    act(() => store.applyEvent(reportedEvent()));
    const end = await screen.findByRole('button', { name: 'Akhiri panggilan' });
    expect(screen.queryByRole('group', { name: 'Jenis panggilan — tekan satu tombol' })).toBeNull();
    act(() => end.click());
    await waitFor(() => expect(sent.map((s) => s.type)).toContain('call.end'));
    expect(sent.at(-1)?.body).toEqual({ callId: 'call-7' });
  });
});

describe('IncidentForm keys', () => {
  it('never submits on Enter in a one-line field; Ctrl+Enter submits', async () => {
    reportFailures = 0;
    renderView();
    const address = screen.getByRole('textbox', { name: 'Alamat' });
    // fireEvent does not run the browser's implicit submission; the e2e test does. Here: nothing sent on Enter.
    fireEvent.keyDown(address, { key: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toHaveLength(0);
    act(() => {
      fireEvent.keyDown(address, { key: 'Enter', ctrlKey: true });
    });
    await waitFor(() => expect(sent.map((s) => s.type)).toEqual(['incident.report']));
  });

  it('asks for a desa or a point and a description before sending anything', async () => {
    localStorage.setItem(
      'pinisi.draft.incident.operator1',
      JSON.stringify({ ...draft, lat: null, lon: null, description: ' ' }),
    );
    renderView();
    submit();
    await screen.findByText('Pilih desa/kelurahan atau klik titik di peta');
    expect(document.activeElement?.getAttribute('name')).toBe('desa');
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Pakai titik tengah kecamatan' }));
    });
    submit();
    await waitFor(() => expect(document.activeElement?.getAttribute('name')).toBe('description'));
    expect(sent).toHaveLength(0);
  });
});

describe('IncidentForm during an outage', () => {
  it('keeps the report, sends it by itself with the same key once the link is back, and its error goes', async () => {
    const store = renderView();
    store.connection = 'offline';
    submit();
    await waitFor(() => expect(screen.getByTestId('command-queued')).toBeTruthy());
    expect(sent).toHaveLength(1);
    store.connection = 'online';
    // What the stream does when it is live again: it tells the views.
    act(() => store.dismissRecovery());
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Laporan kejadian darurat' })).toBeNull());
    expect(sent.map((s) => s.key)).toEqual([sent[0]?.key, sent[0]?.key]);
    expect(screen.queryByTestId('command-queued')).toBeNull();
    expect(screen.getAllByRole('status').map((e) => e.textContent)).toContainEqual(
      expect.stringContaining('2026-000009'),
    );
  });
});
