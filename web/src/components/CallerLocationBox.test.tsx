// @vitest-environment happy-dom
// The caller location from telephony: shown with its accuracy, flagged out of area, put in the form by L or a click.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apply, emptyState } from '../../../src/domain/state.ts';
import { I18nContext, translator } from '../i18n.ts';
import {
  CallerLocationBox,
  callerLocationOf,
  type LiveLocation,
  locationStatusOf,
} from './CallerLocationBox.tsx';

const inside: LiveLocation = {
  location: {
    lat: -5.5588,
    lon: 120.1955,
    accuracyM: 20,
    confidence: null,
    source: 'aml-http',
    method: 'gps',
    time: null,
  },
  outsideServiceArea: false,
};
const london: LiveLocation = {
  location: {
    ...inside.location,
    lat: 51.53321,
    lon: -0.12601,
    accuracyM: 14,
    source: 'aml-sms',
    method: null,
  },
  outsideServiceArea: true,
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('CallerLocationBox', () => {
  it('shows the location with its accuracy and source, and no warning inside the area', () => {
    render(<CallerLocationBox found={inside} />);
    expect(screen.getByTestId('caller-location').textContent).toContain(
      'Lokasi penelepon: -5.55880, 120.19550 (±20 m, AML gps)',
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('warns when the caller is outside Bulukumba, in Indonesian and in English', () => {
    render(<CallerLocationBox found={london} />);
    expect(screen.getByRole('alert').textContent).toContain(
      'Di luar wilayah Kabupaten Bulukumba; kemungkinan di kabupaten tetangga',
    );
    cleanup();
    render(
      <I18nContext.Provider value={{ lang: 'en', t: translator('en'), setLang: () => {} }}>
        <CallerLocationBox found={london} />
      </I18nContext.Provider>,
    );
    expect(screen.getByTestId('caller-location').textContent).toContain(
      'Caller location: 51.53321, -0.12601 (±14 m, AML SMS)',
    );
    expect(screen.getByRole('alert').textContent).toContain('Outside Kabupaten Bulukumba');
  });

  it('shows nothing without a location', () => {
    const { container } = render(<CallerLocationBox found={null} onAccept={() => {}} />);
    expect(container.innerHTML).toBe('');
  });

  it('hands the coordinates to the form on L or a click, but not while typing in a field', () => {
    const accept = vi.fn();
    render(
      <>
        <input name="address" />
        <CallerLocationBox found={inside} onAccept={accept} />
      </>,
    );
    fireEvent.keyDown(screen.getByRole('textbox'), { key: 'l' });
    expect(accept).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: 'l' });
    expect(accept).toHaveBeenCalledWith(-5.5588, 120.1955);
    fireEvent.keyDown(document.body, { key: 'L', ctrlKey: true });
    expect(accept).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: /Gunakan lokasi ini/ }));
    expect(accept).toHaveBeenCalledTimes(2);
    expect(accept).toHaveBeenLastCalledWith(-5.5588, 120.1955);
  });
});

describe('callerLocationOf', () => {
  const system = { at: 1_000, actor: 'system:telephony', agencies: [] as string[] };
  function stateWithCall() {
    const state = emptyState();
    apply(state, {
      ...system,
      type: 'telephony.call_offered',
      sipCallId: 'sip-1',
      callId: 'call-1',
      number: '081234567890',
      fromTag: 't',
      blockedReason: null,
      locationError: null,
    });
    return state;
  }

  it('gives null for a call telephony does not know, or one without a location yet', () => {
    const state = stateWithCall();
    expect(callerLocationOf(state, 'call-9')).toBeNull();
    expect(callerLocationOf(state, 'call-1')).toBeNull();
    expect(callerLocationOf(state, null)).toBeNull();
  });

  it('picks up a location, and each later update, as the stream brings it (no request of its own)', () => {
    const state = stateWithCall();
    const located = (location: LiveLocation) => ({
      ...system,
      type: 'telephony.location_received' as const,
      sipCallId: 'sip-1',
      number: null,
      location: location.location,
      outsideServiceArea: location.outsideServiceArea,
      keepUntil: null,
    });
    apply(state, located(inside));
    expect(callerLocationOf(state, 'call-1')).toEqual(inside);
    apply(state, located(london));
    expect(callerLocationOf(state, 'call-1')).toEqual(london);
  });

  it('always has a location state: waiting, none, by reference not fetched, received (civic address as text)', () => {
    const state = stateWithCall();
    expect(locationStatusOf(state, 'call-1', 5_000)?.state).toBe('waiting'); // AML may still come
    expect(locationStatusOf(state, 'call-1', 60_000)?.state).toBe('none');
    expect(locationStatusOf(state, 'call-9', 5_000)).toBeNull();
    apply(state, {
      ...system,
      type: 'telephony.call_offered',
      sipCallId: 'sip-2',
      callId: 'call-2',
      number: null,
      fromTag: 't',
      blockedReason: null,
      locationError: null,
      locationRef: 'https://lis.example.com/l/1',
    });
    expect(locationStatusOf(state, 'call-2', 60_000)).toMatchObject({
      state: 'waiting',
      reference: 'https://lis.example.com/l/1',
    });
    const dereferenced = (ok: boolean, civicAddress: string | null) => ({
      ...system,
      type: 'telephony.location_dereferenced' as const,
      sipCallId: 'sip-2',
      reference: 'https://lis.example.com/l/1',
      ok,
      civicAddress,
      error: ok ? null : 'the location server answered HTTP 404',
    });
    apply(state, dereferenced(false, null));
    expect(locationStatusOf(state, 'call-2', 60_000)).toMatchObject({
      state: 'referenced',
      error: 'the location server answered HTTP 404',
    });
    apply(state, dereferenced(true, 'Jl. Sam Ratulangi 12, Ujung Bulu'));
    expect(locationStatusOf(state, 'call-2', 60_000)).toMatchObject({
      state: 'received',
      civicAddress: 'Jl. Sam Ratulangi 12, Ujung Bulu',
    });
  });
});

describe('CallerLocationBox location state', () => {
  const status = (state: 'waiting' | 'none' | 'referenced', reference: string | null = null) => ({
    state,
    civicAddress: null,
    reference,
    error: null,
  });
  it('shows "tidak ada", "menunggu" and "lokasi berupa rujukan, tidak dapat diambil" with the reference', () => {
    const { rerender } = render(<CallerLocationBox found={null} status={status('none')} />);
    expect(screen.getByTestId('caller-location').textContent).toBe('Lokasi penelepon: tidak ada');
    rerender(<CallerLocationBox found={null} status={status('waiting')} />);
    expect(screen.getByTestId('caller-location').textContent).toBe('Lokasi penelepon: menunggu…');
    rerender(<CallerLocationBox found={null} status={status('referenced', 'https://lis.example.com/l/1')} />);
    expect(screen.getByTestId('caller-location').textContent).toBe(
      'Lokasi berupa rujukan, tidak dapat diambil: https://lis.example.com/l/1',
    );
  });

  it('shows a civic address as text beside the point', () => {
    render(
      <CallerLocationBox
        found={inside}
        status={{ state: 'received', civicAddress: 'Jl. Sam Ratulangi 12', reference: null, error: null }}
      />,
    );
    expect(screen.getByTestId('caller-civic').textContent).toBe('Alamat dari jaringan: Jl. Sam Ratulangi 12');
    expect(screen.getByTestId('caller-location').textContent).toContain('±20 m');
  });
});
