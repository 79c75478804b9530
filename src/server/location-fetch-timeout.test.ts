// PINISI_LOCATION_FETCH_TIMEOUT_MS reaches the telephony brain the server starts: a location server that never
// answers is given up after the configured time, not the default 3 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDb } from '../store/db.ts';
import { migrate } from '../store/migrations.ts';
import { buildApp } from './app.ts';

it('gives up fetching a location by reference after PINISI_LOCATION_FETCH_TIMEOUT_MS', async () => {
  const silent = createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  const dataDir = mkdtempSync(join(tmpdir(), 'pinisi-locfetch-'));
  const db = openDb({ dataDir, databaseUrl: null });
  await migrate(db.kysely);
  const config = loadConfig({ PINISI_LOCATION_FETCH_TIMEOUT_MS: '300' });
  const pinisi = await buildApp(db, { ...config, logLevel: 'silent', dataDir });
  try {
    const { brain } = pinisi.telephony;
    const reference = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/held/1`;
    await brain.handle({
      event: 'offer',
      callId: 'sip-locfetch',
      fromTag: 'f1',
      fromUser: '081234567890',
      geolocation: `<${reference}>`,
      contentType: 'application/sdp',
      body: 'v=0\r\n',
      tindex: 1,
      tlabel: 1,
    });
    await brain.settled();
    const call = pinisi.engine.state.telephony.calls.get('sip-locfetch');
    expect(call?.locationRefState).toBe('failed');
    expect(call?.locationError).toBe('no answer from the location server within 300 ms');
  } finally {
    await pinisi.app.close();
    await db.close();
    silent.closeAllConnections();
    silent.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
