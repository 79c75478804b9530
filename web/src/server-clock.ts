// The server's clock as this device learns it from its answers: a phone whose clock is set wrong still stamps a
// crew's press of a button with a time the server accepts, and close to the moment of the press.

/** An answer's X-Server-Time (the server's ms when it answered), and when this device sent and received it. */
export interface ClockSample {
  serverTime: number;
  sentAt: number;
  receivedAt: number;
}

/**
 * The server stamped its answer somewhere between sending and receiving: each answer puts the offset within half
 * its round trip of the middle. The answer with the shortest round trip is the best; one whose window does not
 * meet the best's (a clock was set since) replaces it.
 */
export class ServerClock {
  private best: { offset: number; halfTrip: number } | null = null;

  learn({ serverTime, sentAt, receivedAt }: ClockSample): void {
    if (!Number.isFinite(serverTime) || serverTime <= 0 || receivedAt < sentAt) return;
    const halfTrip = (receivedAt - sentAt) / 2;
    const offset = serverTime - (sentAt + halfTrip);
    const best = this.best;
    const apart = best !== null && Math.abs(offset - best.offset) > halfTrip + best.halfTrip;
    if (best === null || apart || halfTrip <= best.halfTrip) this.best = { offset, halfTrip };
  }

  /** How far the server's clock is ahead of this device's (ms); 0 before any answer. */
  offset(): number {
    return this.best?.offset ?? 0;
  }
}
