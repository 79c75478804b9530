// Runs the telephony brain, connected to a Kamailio evapi socket when one is configured (reconnects, heartbeat).
import { type BrainOptions, TelephonyBrain } from './brain.ts';
import { EvapiClient } from './evapi-client.ts';

/** Must stay well under HEARTBEAT_STALE_S in telephony/kamailio.cfg. */
const HEARTBEAT_MS = 500;

export interface TelephonyService {
  brain: TelephonyBrain;
  /** Null when no Kamailio is configured: positions, blocks and AML still work, no SIP calls arrive. */
  client: EvapiClient | null;
  stop(): Promise<void>;
}

/** Parses `host:port` (e.g. the PINISI_EVAPI setting). */
function parseEvapiAddress(value: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : Number.NaN;
  if (!match || port < 1 || port > 65_535)
    throw new Error(`Invalid evapi address "${value}", expected host:port`);
  return { host: match[1]!, port };
}

export function startTelephony(address: string | null, options: BrainOptions): TelephonyService {
  const brain = new TelephonyBrain(options);
  if (address === null) {
    return {
      brain,
      client: null,
      async stop() {
        brain.stop();
      },
    };
  }
  const { host, port } = parseEvapiAddress(address);
  const client = new EvapiClient({
    host,
    port,
    onMessage: (message) => brain.handle(message),
    onConnect: () => {
      options.log?.('info', 'Connected to Kamailio evapi', { host, port });
      brain.connected();
    },
    onDisconnect: (error) =>
      options.log?.('warn', 'Lost the Kamailio evapi connection', { error: error ? String(error) : null }),
    onError: (error) => options.log?.('warn', 'Bad message from Kamailio', { error: String(error) }),
  });
  brain.attach((message) => client.send(message));
  client.start();
  // Heartbeat: Kamailio sends callers waiting in the queue to its hunt group when this stops.
  const heartbeat = setInterval(() => client.send({ action: 'ping' }), HEARTBEAT_MS);
  return {
    brain,
    client,
    async stop() {
      clearInterval(heartbeat);
      brain.stop();
      await client.stop();
    },
  };
}
