// The real domain (decide + apply) behind the brain's command interface, for tests without the HTTP server.
import type { Command, CommandType } from '../../src/domain/commands.ts';
import { decide } from '../../src/domain/decide.ts';
import type { DomainEvent } from '../../src/domain/events.ts';
import { apply, emptyState, type State } from '../../src/domain/state.ts';
import type { CommandSink } from '../../src/intake/telephony/brain.ts';

export class DomainSink implements CommandSink {
  readonly state: State = emptyState();
  readonly events: DomainEvent[] = [];
  readonly #seen = new Map<string, Record<string, unknown>>();
  #ids = 0;

  async execute(
    type: CommandType,
    payload: Record<string, unknown>,
    idempotencyKey: string,
    onBehalfOf: string | null = null,
  ): Promise<{ result: Record<string, unknown> }> {
    const seen = this.#seen.get(idempotencyKey);
    if (seen) return { result: seen };
    const actor =
      onBehalfOf === null
        ? { userId: 'system', role: 'system' as const, agencyId: null }
        : { userId: onBehalfOf, role: 'call_taker' as const, agencyId: null };
    const decision = decide(this.state, { type, payload } as Command, {
      now: Date.now(),
      actor,
      newId: () => `call-${++this.#ids}`,
    });
    for (const event of decision.events) {
      apply(this.state, event);
      this.events.push(event);
    }
    this.#seen.set(idempotencyKey, decision.result);
    return { result: decision.result };
  }
}
