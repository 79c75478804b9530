// What the operator monitors: /healthz says whether this node can record, /metrics speaks Prometheus' text format.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';
import { StreamClient } from '../support/stream.ts';
import { accepted, headSeq } from './helpers.ts';

describe.each(['sqlite', 'postgres'] as const)('monitoring on %s', (dialect) => {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  it('answers /healthz without a session, and 503 when the node serves read-only', async () => {
    running = await startPinisi(dialect);
    const health = await fetch(`${running.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: true, readOnly: false });
    const database = running.database;
    await running.close();
    running = await startPinisi(dialect, { database, config: { readOnly: true } });
    const readOnly = await fetch(`${running.url}/healthz`);
    expect(readOnly.status).toBe(503);
    expect(await readOnly.json()).toMatchObject({ status: 'unavailable', database: true, readOnly: true });
  });

  it('counts commits, answer times, the log head and the consoles connected', async () => {
    running = await startPinisi(dialect);
    const operator = await Client.login(running.url, 'operator1');
    const stream = await StreamClient.open(running.url, operator.cookie, await headSeq(operator));
    await accepted(operator, 'call.register', { channel: 'voice', number: '081234567890' });
    const answer = await fetch(`${running.url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await answer.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('pinisi_log_seq')).toBe(running.engine.seq);
    expect(value('pinisi_consoles_connected')).toBe(1);
    expect(value('pinisi_commit_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value('pinisi_engine_queue_length')).toBe(0);
    expect(text).toMatch(/^pinisi_http_answer_seconds_count\{kind="command",status="2xx"\} [1-9]/m);
    expect(text).toMatch(/^pinisi_commit_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    // Every sample line is `name{labels} number`, after its HELP and TYPE.
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(/^(# (HELP|TYPE) pinisi_\w+ .+|pinisi_\w+(\{[^}]*\})? -?[0-9.e+-]+)$/);
    }
    stream.socket.close();
  });
});
