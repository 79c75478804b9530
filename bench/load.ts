// The bench's load: incident-creating commands over HTTP from concurrent clients (autocannon).
import autocannon from 'autocannon';
import type { Client } from '../test/support/pinisi.ts';

/**
 * Incident-creating commands from `clients` concurrent connections for `seconds` (autocannon, so the load
 * generator costs little CPU); every 2xx answer is a durable commit.
 */
export async function commandLoad(
  operator: Client,
  clients: number,
  kecamatan: string,
  seconds: number,
  onAnswer?: (status: number) => void,
): Promise<{ rate: number; answered: number; p99: number; line: string }> {
  let counter = 0;
  const options: autocannon.Options = {
    url: `${operator.url}/api/commands/incident.create`,
    connections: clients,
    duration: seconds,
    method: 'POST',
    headers: { cookie: operator.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'kebakaran_bangunan',
      location: { kecamatan, address: 'Jl. Sam Ratulangi' },
      description: 'Rumah terbakar, bench',
      priority: 2,
    }),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': `bench-${clients}-${counter++}-${Date.now()}` },
        }),
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, r) => (error ? reject(error) : resolve(r)));
    if (onAnswer) instance.on('response', (_client, status: number) => onAnswer(status));
  });
  const l = result.latency;
  const rate = result['2xx'] / ((result.finish.getTime() - result.start.getTime()) / 1000);
  return {
    rate,
    answered: result['2xx'],
    p99: l.p99,
    line: `${clients.toString().padStart(2)} client(s): ${rate.toFixed(0)} commands/s, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
  };
}
