// Start-up from the checkpoint: the telephony projection and the incident count come back the same as from replaying
// the whole log, while only the events after the checkpoint are replayed.
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointOf } from '../../src/domain/checkpoint.ts';
import type { Actor } from '../../src/domain/types.ts';
import { readCheckpoint } from '../../src/store/checkpoints.ts';
import { openDb } from '../../src/store/db.ts';
import { DIALECTS } from '../support/databases.ts';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

const system: Actor = { userId: 'system:telephony', role: 'system', agencyId: null };
const desk = { positionId: 'meja-1', extension: '1001', contact: 'sip:1001@10.0.0.11:5060' };

describe.each(DIALECTS)('checkpoint on %s', (dialect) => {
  let pinisi: Running | null = null;
  afterEach(async () => {
    await pinisi?.stop();
    pinisi = null;
  });

  it('restarts with the same telephony and incident numbering as a full replay', async () => {
    // A long wrap-up: no tick of the desk's wrap-up ending may land between the restarts on a slow machine.
    pinisi = await startPinisi(dialect, { engine: { checkpointEvery: 10, acd: { wrapUpMs: 3_600_000 } } });
    const operator = await Client.login(pinisi.url, 'operator1');
    const supervisor = await Client.login(pinisi.url, 'koordinator');
    expect((await operator.post('/api/telephony/positions/login', desk)).status).toBe(200);
    const run = async (type: string, payload: unknown, key: string) => {
      const outcome = await pinisi!.engine.execute(type as 'telephony.tick', payload as never, system, key);
      expect(outcome.ok).toBe(true);
    };
    for (let i = 0; i < 6; i++) {
      const sipCallId = `sip-${i}`;
      await run(
        'telephony.offer',
        {
          sipCallId,
          number: `08123456789${i}`,
          fromTag: 'c',
          location: null,
          outsideServiceArea: null,
          locationError: null,
        },
        `offer-${i}`,
      );
      if (i % 3 === 2) {
        await run('telephony.hang_up', { sipCallId, fromTag: 'c' }, `abandon-${i}`);
        continue;
      }
      await run('telephony.answer', { sipCallId, contact: desk.contact }, `answer-${i}`);
      const created = await operator.command('incident.create', {
        category: 'banjir',
        location: { kecamatan: '73.02.01' },
        description: `Banjir ${i}`,
        priority: 3,
      });
      expect(created.status).toBe(200);
      await run('telephony.hang_up', { sipCallId, fromTag: 'c' }, `hangup-${i}`);
      await run('telephony.tick', {}, `tick-${i}`);
    }
    expect(
      (await supervisor.command('telephony.block', { number: '081299998888', minutes: 30, reason: 'prank' }))
        .status,
    ).toBe(200);
    const before = checkpointOf(pinisi.engine.state);
    const checkpoint = await readCheckpoint(pinisi.store.db);
    // Written along the way, so some events come after it and are replayed at start.
    expect(checkpoint!.seq).toBeGreaterThan(0);
    expect(checkpoint!.seq).toBeLessThan(pinisi.engine.seq);

    const database = pinisi.database;
    await pinisi.close();
    pinisi = await startPinisi(dialect, { database, engine: { checkpointEvery: 1_000_000 } });
    const fromCheckpoint = checkpointOf(pinisi.engine.state);
    expect(fromCheckpoint).toEqual(before);

    await pinisi.close();
    const db = openDb(database);
    await db.kysely.deleteFrom('checkpoints').execute();
    await db.close();
    pinisi = await startPinisi(dialect, { database, engine: { checkpointEvery: 1_000_000 } });
    expect(checkpointOf(pinisi.engine.state)).toEqual(before);
    const again = await Client.login(pinisi.url, 'operator1');
    const next = await again.command<{ result: { number: string } }>('incident.create', {
      category: 'banjir',
      location: { kecamatan: '73.02.01' },
      description: 'Banjir lagi',
      priority: 3,
    });
    expect(next.body.result.number).toMatch(/-000005$/);
  });
});
