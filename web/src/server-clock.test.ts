// The server's clock learnt from answers: the shortest round trip wins, a set clock is noticed.
import { describe, expect, it } from 'vitest';
import { ServerClock } from './server-clock.ts';

describe('ServerClock', () => {
  it('is 0 before any answer and ignores an answer without a time', () => {
    const clock = new ServerClock();
    expect(clock.offset()).toBe(0);
    clock.learn({ serverTime: Number.NaN, sentAt: 0, receivedAt: 10 });
    expect(clock.offset()).toBe(0);
  });

  it('takes the middle of the round trip, and keeps the answer with the shortest one', () => {
    const clock = new ServerClock();
    // The server is 5 s ahead; a slow answer (1.6 s round trip) stamped early in it.
    clock.learn({ serverTime: 1_000 + 5_000 + 100, sentAt: 1_000, receivedAt: 2_600 });
    expect(Math.abs(clock.offset() - 5_000)).toBeLessThanOrEqual(800);
    // A quick answer (40 ms) narrows it; a later slow one does not undo that.
    clock.learn({ serverTime: 10_000 + 5_000 + 20, sentAt: 10_000, receivedAt: 10_040 });
    expect(clock.offset()).toBe(5_000);
    clock.learn({ serverTime: 20_000 + 5_000 + 1_900, sentAt: 20_000, receivedAt: 22_000 });
    expect(clock.offset()).toBe(5_000);
  });

  it("starts again when an answer cannot fit the best one (this device's clock was set)", () => {
    const clock = new ServerClock();
    clock.learn({ serverTime: 10_000 + 20, sentAt: 10_000, receivedAt: 10_040 });
    expect(clock.offset()).toBe(0);
    // The device's clock was put back a minute: the server now reads 60 s ahead, with a slower answer.
    clock.learn({ serverTime: 20_000 + 60_000 + 150, sentAt: 20_000, receivedAt: 20_300 });
    expect(clock.offset()).toBe(60_000);
  });
});
