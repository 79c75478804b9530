// The real domain (decide + apply) behind the brain's command interface, for tests without the HTTP server.
import { type AcdConfig, DEFAULT_ACD_CONFIG } from '../../src/domain/acd/types.ts';
import type { Command, CommandPayload, CommandType } from '../../src/domain/commands.ts';
import { decide } from '../../src/domain/decide.ts';
import type { DomainEvent } from '../../src/domain/events.ts';
import { apply, emptyState, type State } from '../../src/domain/state.ts';
import type { Actor } from '../../src/domain/types.ts';
import type { CommandSink } from '../../src/intake/telephony/brain.ts';

const SYSTEM: Actor = { userId: 'system', role: 'system', agencyId: null };

export class DomainSink implements CommandSink {
  readonly state: State = emptyState();
  readonly events: DomainEvent[] = [];
  readonly acd: AcdConfig;
  readonly #now: () => number;
  readonly #seen = new Map<string, Record<string, unknown>>();
  readonly #listeners = new Set<(events: readonly DomainEvent[]) => void>();
  #ids = 0;

  constructor(options: { now?: () => number; acd?: Partial<AcdConfig> } = {}) {
    this.#now = options.now ?? Date.now;
    this.acd = { ...DEFAULT_ACD_CONFIG, ...options.acd };
  }

  subscribe(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async execute<T extends CommandType>(
    type: T,
    payload: CommandPayload<T>,
    idempotencyKey: string,
    actor: Actor | null = null,
  ): Promise<{ result: Record<string, unknown> }> {
    // Like the engine: decided after the caller's own synchronous work, never inside it.
    await Promise.resolve();
    const seen = this.#seen.get(idempotencyKey);
    if (seen) return { result: seen };
    const decision = decide(this.state, { type, payload } as Command, {
      now: this.#now(),
      actor: actor ?? SYSTEM,
      newId: () => `call-${++this.#ids}`,
      acd: this.acd,
    });
    for (const event of decision.events) {
      apply(this.state, event);
      this.events.push(event);
    }
    this.#seen.set(idempotencyKey, decision.result);
    for (const listener of this.#listeners) listener(decision.events);
    return { result: decision.result };
  }
}
