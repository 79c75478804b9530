// Positions and blocks over HTTP without a switch: who may log in where, break, come back, log out; block rules.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Running, startPinisi } from '../support/pinisi.ts';

describe('telephony positions API (no Kamailio needed)', () => {
  let pinisi: Running | null = null;
  afterEach(async () => {
    await pinisi?.stop();
    pinisi = null;
  });

  it('lets call takers log in at a position, take breaks and log out, only on their own desk', async () => {
    pinisi = await startPinisi('sqlite');
    const one = await Client.login(pinisi.url, 'operator1');
    const two = await Client.login(pinisi.url, 'operator2');
    const supervisor = await Client.login(pinisi.url, 'koordinator');
    const dispatcher = await Client.login(pinisi.url, 'pengarah1');
    const desk = { positionId: 'meja-1', extension: '1001', contact: 'sip:1001@10.0.0.11:5060' };

    expect((await one.post('/api/telephony/positions/login', desk)).status).toBe(200);
    expect((await two.post('/api/telephony/positions/login', desk)).status).toBe(409);
    expect((await dispatcher.post('/api/telephony/positions/login', desk)).status).toBe(403);
    expect((await one.post('/api/telephony/positions/login', { ...desk, contact: 'tel:1001' })).status).toBe(
      400,
    );

    expect(
      (await two.post('/api/telephony/positions/break', { positionId: 'meja-1', reason: 'x' })).status,
    ).toBe(403);
    const onBreak = await one.post<{ positions: Array<{ state: string; breakReason: string }> }>(
      '/api/telephony/positions/break',
      { positionId: 'meja-1', reason: 'sholat' },
    );
    expect(onBreak.body.positions[0]).toMatchObject({ state: 'on_break', breakReason: 'sholat' });
    const back = await supervisor.post<{ positions: Array<{ state: string }>; stats: { available: number } }>(
      '/api/telephony/positions/available',
      { positionId: 'meja-1' },
    );
    expect(back.body.positions[0]?.state).toBe('available');
    expect(back.body.stats.available).toBe(1);
    expect((await dispatcher.get('/api/telephony/positions')).status).toBe(200);
    const status = await one.get<{ switchConfigured: boolean; switchConnected: boolean }>(
      '/api/telephony/status',
    );
    expect(status.body).toMatchObject({ switchConfigured: false, switchConnected: false });

    expect((await one.post('/api/telephony/positions/logout', { positionId: 'meja-1' })).status).toBe(200);
    expect((await one.post('/api/telephony/positions/logout', { positionId: 'meja-1' })).status).toBe(404);
  });

  it('only a supervisor blocks, with a reason and a duration; unknown numbers cannot be unblocked', async () => {
    pinisi = await startPinisi('sqlite');
    const supervisor = await Client.login(pinisi.url, 'koordinator');
    const admin = await Client.login(pinisi.url, 'admin');
    expect(
      (await supervisor.post('/api/telephony/blocks', { number: '0811', minutes: 60, reason: '' })).status,
    ).toBe(400);
    expect(
      (await supervisor.post('/api/telephony/blocks', { number: '0811', minutes: 0, reason: 'prank' }))
        .status,
    ).toBe(400);
    expect(
      (await admin.post('/api/telephony/blocks', { number: '0811', minutes: 5, reason: 'prank' })).status,
    ).toBe(403);
    expect(
      (await supervisor.post('/api/telephony/blocks/unblock', { number: '0899', reason: 'never blocked' }))
        .status,
    ).toBe(404);
    const ok = await supervisor.post('/api/telephony/blocks', {
      number: '+62 811-4000-112',
      minutes: 5,
      reason: 'prank',
    });
    expect(ok.status).toBe(200);
    const list = await admin.get<{ active: Array<{ number: string; reason: string }> }>(
      '/api/telephony/blocks',
    );
    expect(list.body.active).toMatchObject([{ number: '08114000112', reason: 'prank' }]);
  });
});
