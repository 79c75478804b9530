// What the operator monitors: /healthz (can Pinisi record?) and /metrics in Prometheus' text format.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import type { Engine } from './engine.ts';
import type { Hub } from './realtime.ts';

/** Upper bounds in seconds: from a fast commit (milliseconds) to a request that waited on a busy disk. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Series {
  counts: number[];
  sum: number;
  total: number;
}

class Histogram {
  readonly name: string;
  readonly help: string;
  /** By label text, e.g. `kind="command",status="2xx"`. */
  private readonly series = new Map<string, Series>();

  constructor(name: string, help: string) {
    this.name = name;
    this.help = help;
  }

  observe(seconds: number, labels = ''): void {
    let series = this.series.get(labels);
    if (!series) {
      series = { counts: BUCKETS.map(() => 0), sum: 0, total: 0 };
      this.series.set(labels, series);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) series.counts[i]!++;
    series.sum += seconds;
    series.total++;
  }

  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [labels, { counts, sum, total }] of this.series) {
      const with_ = (extra: string) => `{${[labels, extra].filter(Boolean).join(',')}}`;
      const plain = labels ? `{${labels}}` : '';
      BUCKETS.forEach((le, i) => {
        lines.push(`${this.name}_bucket${with_(`le="${le}"`)} ${counts[i]}`);
      });
      lines.push(
        `${this.name}_bucket${with_('le="+Inf"')} ${total}`,
        `${this.name}_sum${plain} ${sum}`,
        `${this.name}_count${plain} ${total}`,
      );
    }
    return lines.join('\n');
  }
}

/** The timings the server keeps for /metrics; the engine reports its commits here. */
export class Metrics {
  readonly commits = new Histogram(
    'pinisi_commit_seconds',
    'Time of one group commit (decide, write, fsync) of the command engine',
  );
  readonly answers = new Histogram(
    'pinisi_http_answer_seconds',
    'Time to answer an API request, by kind (command, read) and status class',
  );

  committed = (seconds: number): void => {
    this.commits.observe(seconds);
  };
}

const gauge = (name: string, help: string, value: number) =>
  `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${value}`;

export function registerMonitoring(
  app: FastifyInstance,
  deps: { db: Db; engine: Engine; hub: Hub; metrics: Metrics; readOnly: boolean },
): void {
  const { db, engine, hub, metrics } = deps;

  app.addHook('onResponse', async (request, reply) => {
    const url = request.url;
    if (!url.startsWith('/api/') || url.startsWith('/api/stream')) return;
    const kind = url.startsWith('/api/commands/') ? 'command' : 'read';
    metrics.answers.observe(
      reply.elapsedTime / 1000,
      `kind="${kind}",status="${Math.floor(reply.statusCode / 100)}xx"`,
    );
  });

  // Whether this node can record: the database answers, and commands are not refused (read-only).
  app.get('/healthz', { schema: { tags: ['operations'] } }, async (_request, reply) => {
    const database = await sql`select 1 as ok`
      .execute(db.kysely)
      .then(() => true)
      .catch(() => false);
    const ok = database && !deps.readOnly;
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', database, readOnly: deps.readOnly, seq: engine.seq });
  });

  app.get('/metrics', { schema: { tags: ['operations'], hide: true } }, async (_request, reply) => {
    const state = engine.state;
    let queued = 0;
    for (const call of state.telephony.calls.values()) if (call.status === 'queued') queued++;
    const text = [
      gauge('pinisi_log_seq', 'Sequence number of the last event in the log', engine.seq),
      gauge('pinisi_engine_queue_length', 'Commands waiting for the next group commit', engine.queueLength),
      gauge('pinisi_consoles_connected', 'Console streams open on this node', hub.size),
      gauge('pinisi_telephony_calls_queued', 'Callers waiting in the queue for a call taker', queued),
      gauge('pinisi_telephony_positions', 'Call-taker positions signed in', state.telephony.positions.size),
      gauge(
        'pinisi_incidents_open',
        'Incidents neither closed nor cancelled',
        state.index.openIncidents.size,
      ),
      metrics.commits.text(),
      metrics.answers.text(),
    ].join('\n');
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(`${text}\n`);
  });
}
