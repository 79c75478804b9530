// Unit positions on the server: authenticates trackers, keeps the latest fix per unit in memory, writes it behind
// (once a second, one row per unit) and streams what changed to the consoles at a bounded rate.
//
// Why not the log: see src/domain/positions.ts. Why written behind: a tracker's fix is worth nothing a minute later,
// so a crash may lose at most the last second's fixes (the unit reports again); in exchange ingest costs no fsync
// per ping and the rate is bounded by memory, not the disk. Each node holds what it received; on PostgreSQL other
// nodes read the table at start-up only (positions reach the consoles of the node the tracker talks to).
import { timingSafeEqual } from 'node:crypto';
import { isNewer, type UnitPosition } from '../domain/positions.ts';
import type { PositionReport } from '../intake/avl/osmand.ts';
import { hashSecret, type PositionStore } from '../store/positions.ts';
import type { Engine } from './engine.ts';

export type IngestOutcome =
  | { ok: true; position: UnitPosition; stored: boolean }
  | { ok: false; reason: 'unauthorized' | 'unknown_unit' };

export interface PositionOptions {
  /** How often the latest fixes are written to the database (ms). */
  flushMs?: number;
  /** How often changed positions go out on the stream (ms): at most one frame per console per period. */
  streamMs?: number;
}

export class PositionService {
  private readonly store: PositionStore;
  private readonly engine: Engine;
  private readonly latest = new Map<string, UnitPosition>();
  /** Units whose latest fix is not written yet / not streamed yet: bounded by the number of units. */
  private readonly unsaved = new Set<string>();
  private readonly unsent = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private saving: Promise<void> = Promise.resolve();
  private listener: (positions: UnitPosition[]) => void = () => {};
  onError: (error: unknown) => void = () => {};

  private constructor(store: PositionStore, engine: Engine) {
    this.store = store;
    this.engine = engine;
  }

  static async open(
    store: PositionStore,
    engine: Engine,
    options: PositionOptions = {},
  ): Promise<PositionService> {
    const service = new PositionService(store, engine);
    for (const position of await store.latest()) service.latest.set(position.unitId, position);
    const every = (ms: number, run: () => void) => {
      const timer = setInterval(run, ms);
      timer.unref();
      service.timers.push(timer);
    };
    every(options.flushMs ?? 1000, () => void service.flush());
    every(options.streamMs ?? 1000, () => service.emit());
    return service;
  }

  /** Receives the positions that changed, once per stream period. */
  onPositions(listener: (positions: UnitPosition[]) => void): void {
    this.listener = listener;
  }

  get(unitId: string): UnitPosition | undefined {
    return this.latest.get(unitId);
  }

  all(): ReadonlyMap<string, UnitPosition> {
    return this.latest;
  }

  /**
   * A tracker's report: its device must be registered in the log (`device.register`), not revoked, and its secret
   * right; unknown and wrong answer the same. Every node knows the trackers from the log, so no lookup is needed.
   */
  fromDevice(report: PositionReport, secret: string | null): IngestOutcome {
    const found = this.engine.state.devices.get(report.deviceId);
    const device = found?.active ? found : undefined;
    const expected = Buffer.from(device?.secretHash ?? hashSecret('no device'), 'hex');
    const given = Buffer.from(hashSecret(secret ?? ''), 'hex');
    if (!timingSafeEqual(expected, given) || !device || secret === null)
      return { ok: false, reason: 'unauthorized' };
    return this.record(device.unitId, report, 'device');
  }

  /** A crew's browser position for its own unit. */
  fromResponder(unitId: string, report: Omit<PositionReport, 'deviceId'>): IngestOutcome {
    return this.record(unitId, report, 'responder');
  }

  private record(
    unitId: string,
    report: Omit<PositionReport, 'deviceId'>,
    source: UnitPosition['source'],
  ): IngestOutcome {
    if (!this.engine.state.units.has(unitId)) return { ok: false, reason: 'unknown_unit' };
    const position: UnitPosition = {
      unitId,
      lat: report.lat,
      lon: report.lon,
      at: report.at,
      receivedAt: this.engine.now(),
      speedKmh: report.speedKmh,
      bearing: report.bearing,
      accuracy: report.accuracy,
      source,
    };
    // An older fix (a tracker's buffer after a dead zone) is accepted and dropped: the latest stays.
    if (!isNewer(position, this.latest.get(unitId))) return { ok: true, position, stored: false };
    this.latest.set(unitId, position);
    this.unsaved.add(unitId);
    this.unsent.add(unitId);
    return { ok: true, position, stored: true };
  }

  /** Writes the latest fix of each unit that moved since the last write; one write at a time. */
  flush(): Promise<void> {
    this.saving = this.saving.then(async () => {
      if (this.unsaved.size === 0) return;
      const batch = [...this.unsaved].map((id) => this.latest.get(id)!);
      this.unsaved.clear();
      await this.store.save(batch).catch((error: unknown) => {
        // Still unsaved: tried again next time, unless a newer fix came meanwhile (then that one is).
        for (const p of batch) this.unsaved.add(p.unitId);
        this.onError(error);
      });
    });
    return this.saving;
  }

  /** Sends the positions that changed since the last frame (tests call it to not wait for the period). */
  emit(): void {
    if (this.unsent.size === 0) return;
    const batch = [...this.unsent].map((id) => this.latest.get(id)!);
    this.unsent.clear();
    this.listener(batch);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.flush();
  }
}
