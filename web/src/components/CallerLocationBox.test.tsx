// @vitest-environment happy-dom
// The caller location from telephony: shown with its accuracy, flagged out of area, put in the form by L or a click.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nContext, translator } from '../i18n.ts';
import { CallerLocationBox, type LiveLocation, useCallerLocation } from './CallerLocationBox.tsx';

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
      'Lokasi pelapor: -5.55880, 120.19550 (±20 m, AML gps)',
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('warns when the caller is outside Bulukumba, in Indonesian and in English', () => {
    render(<CallerLocationBox found={london} />);
    expect(screen.getByRole('alert').textContent).toContain(
      'Di luar wilayah Bulukumba — mungkin kabupaten tetangga',
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
    expect(screen.getByRole('alert').textContent).toContain('Outside Bulukumba');
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

describe('useCallerLocation', () => {
  let answers: Response[];
  let asked: string[];
  beforeEach(() => {
    asked = [];
    answers = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        asked.push(url);
        return answers.shift() ?? Response.json({ location: null, outsideServiceArea: null });
      }),
    );
  });

  it('gives null for a call the switch does not know (404)', async () => {
    answers.push(Response.json({ error: { code: 'call.not_found' } }, { status: 404 }));
    const { result } = renderHook(() => useCallerLocation('call-9', false));
    await waitFor(() => expect(asked).toEqual(['/api/telephony/calls/call-9']));
    expect(result.current).toBeNull();
  });

  it('asks again every few seconds for the call in hand and picks up a location that arrives later', async () => {
    vi.useFakeTimers();
    answers.push(Response.json({ location: null, outsideServiceArea: null }));
    answers.push(Response.json({ location: london.location, outsideServiceArea: true }));
    const { result } = renderHook(() => useCallerLocation('call-1', true));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(result.current).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    expect(asked).toHaveLength(2);
    expect(result.current).toEqual(london);
  });
});
