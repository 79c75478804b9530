// One telephony room per test: Kamailio with the repo config, the brain with the real domain behind it, phones.
import type { AcdConfig } from '../../src/domain/acd/types.ts';
import { startTelephony, type TelephonyService } from '../../src/intake/telephony/service.ts';
import { DomainSink } from './domain-sink.ts';
import { type Kamailio, type Phone, startKamailio, startPhone } from './harness.ts';

export interface Room {
  kamailio: Kamailio;
  phones: Phone[];
  sink: DomainSink;
  service: TelephonyService | null;
  startBrain(acd?: Partial<AcdConfig>): Promise<TelephonyService>;
  stop(): Promise<void>;
}

export async function openRoom(options: {
  phones: Array<{ extension: string; answer: 'auto' | 'manual' }>;
  /** Extensions rung by Kamailio's fail-safe hunt group; defaults to all phones. */
  huntGroup?: string[];
  /** Further hunt-group contacts (e.g. a SIPp phone). */
  huntContacts?: string[];
  pinisiTimeoutMs?: number;
  /** Kamailio listens for SIP over TLS too, with this certificate and key. */
  tls?: { cert: string; key: string };
}): Promise<Room> {
  const phones = await Promise.all(options.phones.map((p) => startPhone(p.extension, p.answer)));
  const hunt = phones.filter((p) => !options.huntGroup || options.huntGroup.includes(p.extension));
  const kamailio = await startKamailio({
    huntGroup: [...hunt.map((p) => p.contact), ...(options.huntContacts ?? [])],
    // 5 s, not the production 1 s: on a loaded test machine a decision can take over 1 s, and the call would ring
    // the hunt group instead of the desk the test expects. Tests of a silent Pinisi set their own.
    pinisiTimeoutMs: options.pinisiTimeoutMs ?? 5000,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const sink = new DomainSink();
  const room: Room = {
    kamailio,
    phones,
    sink,
    service: null,
    async startBrain(acd = {}) {
      room.sink = new DomainSink({ acd });
      const service = startTelephony(kamailio.evapi, { commands: room.sink });
      await service.client!.waitConnected();
      room.service = service;
      return service;
    },
    async stop() {
      await room.service?.stop();
      await Promise.all(phones.map((p) => p.stop()));
      await kamailio.stop();
    },
  };
  return room;
}

/** Types of the events a phone reported, e.g. CALL_INCOMING, CALL_ESTABLISHED, CALL_CLOSED. */
export function phoneEvents(phone: Phone): string[] {
  return phone.events.map((e) => e.type);
}
