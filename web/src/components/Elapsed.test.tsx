// @vitest-environment happy-dom
// Running timers: they tick by themselves and turn late past their threshold.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDuration } from '../format.ts';
import { Elapsed } from './Elapsed.tsx';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-28T02:00:00Z') });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('formatDuration', () => {
  it('shows mm:ss under an hour and h:mm:ss above, never negative', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65_000)).toBe('01:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5_000)).toBe('00:00');
  });
});

describe('Elapsed', () => {
  it('ticks every second and marks itself late past the threshold', () => {
    const start = Date.now() - 5_000;
    render(<Elapsed since={start} lateAfterMs={10_000} />);
    const timer = screen.getByRole('timer');
    expect(timer.textContent).toBe('00:05');
    expect(timer.className).not.toContain('late');
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(timer.textContent).toBe('00:08');
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(timer.textContent).toBe('00:11');
    expect(timer.className).toContain('late');
  });

  it('shares one clock between many timers', () => {
    const now = Date.now();
    render(
      <>
        <Elapsed since={now} />
        <Elapsed since={now - 60_000} />
      </>,
    );
    act(() => {
      vi.advanceTimersByTime(2_000);
    });
    expect(screen.getAllByRole('timer').map((t) => t.textContent)).toEqual(['00:02', '01:02']);
  });
});
