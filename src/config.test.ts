// The configuration module: defaults, and a wrong value stops start-up with a message naming the variable.
import { describe, expect, it } from 'vitest';
import { loadConfig, reportClock, telephonySettings } from './config.ts';
import { defaultTransferTargets } from './domain/acd/transfer-targets.ts';

describe('loadConfig', () => {
  it('cuts the reports in WITA with 07/19 shifts unless told, and reads another zone and three shifts', () => {
    expect(reportClock(loadConfig({}))).toEqual({
      tzOffsetMinutes: 480,
      tzName: 'WITA',
      shiftStarts: [7, 19],
    });
    const config = loadConfig({ PINISI_TIME_ZONE: 'Asia/Jakarta', PINISI_SHIFT_HOURS: '23-07, 07-15,15-23' });
    expect(reportClock(config)).toEqual({ tzOffsetMinutes: 420, tzName: 'WIB', shiftStarts: [7, 15, 23] });
    expect(reportClock({ timeZone: 'Asia/Jayapura', shiftHours: '00-12,12-00' })).toMatchObject({
      tzName: 'WIT',
      shiftStarts: [0, 12],
    });
    expect(reportClock({ timeZone: 'Etc/GMT+5' })).toMatchObject({ tzOffsetMinutes: -300, tzName: 'UTC−5' });
  });

  it('refuses an unknown zone, one with daylight saving or half hours, and shifts that leave a gap', () => {
    expect(() => loadConfig({ PINISI_TIME_ZONE: 'Asia/Bulukumba' })).toThrow(/PINISI_TIME_ZONE=.*IANA/);
    expect(() => loadConfig({ PINISI_TIME_ZONE: 'Europe/Amsterdam' })).toThrow(/daylight saving/);
    expect(() => loadConfig({ PINISI_TIME_ZONE: 'Asia/Kolkata' })).toThrow(/whole number of hours/);
    expect(() => loadConfig({ PINISI_SHIFT_HOURS: '07-15,16-23,23-07' })).toThrow(
      /PINISI_SHIFT_HOURS=.*must end where the next one/,
    );
    expect(() => loadConfig({ PINISI_SHIFT_HOURS: '07-15,15-07,07-15,15-07' })).toThrow(/cover 48 hours/);
    expect(() => loadConfig({ PINISI_SHIFT_HOURS: '7-24' })).toThrow(/not a shift like 07-15/);
    expect(() => loadConfig({ PINISI_SHIFT_HOURS: 'pagi' })).toThrow(/PINISI_SHIFT_HOURS/);
  });

  it('keeps AML closed by default', () => {
    const config = loadConfig({});
    expect(config.amlSecret).toBeNull();
    expect(config.amlAllow).toBeNull();
  });

  it('reads the AML allow-list as addresses and ranges', () => {
    const config = loadConfig({
      PINISI_AML_SECRET: 'a-long-shared-secret',
      PINISI_AML_ALLOW: '10.0.0.5, 10.1.0.0/16,fd00::/8',
    });
    expect(config.amlAllow).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00::/8']);
  });

  it('names the variable of a wrong allow-list entry or a short secret', () => {
    expect(() => loadConfig({ PINISI_AML_ALLOW: '10.0.0.0/33' })).toThrow(
      /PINISI_AML_ALLOW=.*10\.0\.0\.0\/33/,
    );
    expect(() => loadConfig({ PINISI_AML_ALLOW: 'gateway.local' })).toThrow(/PINISI_AML_ALLOW/);
    expect(() => loadConfig({ PINISI_AML_SECRET: 'short' })).toThrow(/PINISI_AML_SECRET/);
  });

  it('fits sessions to a 12-hour shift and sets Secure on HTTPS requests by default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ sessionIdleMinutes: 120, sessionMaxHours: 13, cookieSecure: 'auto' });
    expect(config.trustProxy).toBeNull();
    expect(loadConfig({ PINISI_COOKIE_SECURE: 'true', PINISI_TRUST_PROXY: '10.0.0.1' })).toMatchObject({
      cookieSecure: true,
      trustProxy: ['10.0.0.1'],
    });
    expect(() => loadConfig({ PINISI_COOKIE_SECURE: 'yes' })).toThrow(/PINISI_COOKIE_SECURE/);
    expect(() => loadConfig({ PINISI_SESSION_IDLE_MINUTES: '0' })).toThrow(/PINISI_SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ PINISI_TRUST_PROXY: 'proxy' })).toThrow(/PINISI_TRUST_PROXY/);
  });

  it('asks the admin and the supervisor for a second factor in production, nobody with the demo users', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).secondFactorRoles).toEqual(['admin', 'supervisor']);
    expect(loadConfig({}).secondFactorRoles).toEqual([]);
    expect(loadConfig({ PINISI_SECOND_FACTOR_ROLES: 'admin, dispatcher' }).secondFactorRoles).toEqual([
      'admin',
      'dispatcher',
    ]);
    expect(
      loadConfig({ NODE_ENV: 'production', PINISI_SECOND_FACTOR_ROLES: 'none' }).secondFactorRoles,
    ).toEqual([]);
    expect(() => loadConfig({ PINISI_SECOND_FACTOR_ROLES: 'boss' })).toThrow(/PINISI_SECOND_FACTOR_ROLES/);
  });

  it('serves read-write unless PINISI_READ_ONLY=true', () => {
    expect(loadConfig({}).readOnly).toBe(false);
    expect(loadConfig({ PINISI_READ_ONLY: 'true' }).readOnly).toBe(true);
    expect(loadConfig({ PINISI_READ_ONLY: 'false' }).readOnly).toBe(false);
  });

  it('refuses a read-only flag it would have to guess, naming the variable', () => {
    expect(() => loadConfig({ PINISI_READ_ONLY: 'yes' })).toThrow(/PINISI_READ_ONLY="yes"/);
  });

  it('reads the location fetch timeout, 3 s by default, and refuses one outside 200–10000 ms', () => {
    expect(loadConfig({}).locationFetchTimeoutMs).toBe(3_000);
    expect(loadConfig({ PINISI_LOCATION_FETCH_TIMEOUT_MS: '1500' }).locationFetchTimeoutMs).toBe(1_500);
    for (const bad of ['50', '60000', '2s', '-1'])
      expect(() => loadConfig({ PINISI_LOCATION_FETCH_TIMEOUT_MS: bad })).toThrow(
        /PINISI_LOCATION_FETCH_TIMEOUT_MS=/,
      );
  });

  it('reads the call queue’s timers and limits, with defaults, and refuses values outside their range', () => {
    expect(telephonySettings(loadConfig({}))).toEqual({
      wrapUpMs: 10_000,
      ringTimeoutMs: 15_000,
      missesBeforeBreak: 2,
      noDeskFallbackMs: 10_000,
      queueMaxWaitMs: 300_000,
      reRingGapMs: 6_000,
      transferTargets: defaultTransferTargets(null),
    });
    const custom = loadConfig({
      PINISI_WRAP_UP_SECONDS: '0',
      PINISI_RING_TIMEOUT_SECONDS: '20',
      PINISI_MISSES_BEFORE_BREAK: '3',
      PINISI_NO_DESK_FALLBACK_SECONDS: '5',
      PINISI_QUEUE_MAX_WAIT_SECONDS: '120',
    });
    expect(telephonySettings(custom)).toMatchObject({
      wrapUpMs: 0,
      ringTimeoutMs: 20_000,
      missesBeforeBreak: 3,
      noDeskFallbackMs: 5_000,
      queueMaxWaitMs: 120_000,
    });
    expect(() => loadConfig({ PINISI_RING_TIMEOUT_SECONDS: '2' })).toThrow(/PINISI_RING_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ PINISI_MISSES_BEFORE_BREAK: '0' })).toThrow(/PINISI_MISSES_BEFORE_BREAK/);
    expect(() => loadConfig({ PINISI_WRAP_UP_SECONDS: 'ten' })).toThrow(/PINISI_WRAP_UP_SECONDS/);
    expect(() =>
      loadConfig({ PINISI_NO_DESK_FALLBACK_SECONDS: '60', PINISI_QUEUE_MAX_WAIT_SECONDS: '45' }),
    ).toThrow(/PINISI_QUEUE_MAX_WAIT_SECONDS=.*longer than PINISI_NO_DESK_FALLBACK_SECONDS/);
  });

  it('lists the transfer targets: national numbers through the gateway, the rest unset until configured', () => {
    const names = (targets: { name: string; uri: string | null }[]) =>
      targets.filter((t) => t.uri !== null).map((t) => t.name);
    expect(names(loadConfig({}).transferTargets)).toEqual([]);
    const gateway = loadConfig({ PINISI_TRANSFER_GATEWAY: '10.0.0.1:5060' }).transferTargets;
    expect(gateway.find((t) => t.id === 'polisi')?.uri).toBe('sip:110@10.0.0.1:5060');
    expect(names(gateway)).toEqual([
      'Polisi (110)',
      'Pemadam Kebakaran (113)',
      'Ambulans (119)',
      'Basarnas (115)',
      'SAPA 129 (kekerasan terhadap perempuan dan anak)',
    ]);
    // The neighbours of Bulukumba by land and sea, by their Kemendagri codes.
    expect(gateway.filter((t) => t.kind === 'regency_112').map((t) => t.regencyCode)).toEqual([
      '73.07',
      '73.03',
      '73.01',
    ]);
    const own = [
      { id: 'polisi', name: 'Polres Bulukumba', kind: 'police', uri: 'sip:0413123@10.0.0.1' },
      { id: 'spv', name: 'Supervisor', kind: 'supervisor', uri: 'sip:1900@10.0.0.20' },
    ];
    const custom = loadConfig({ PINISI_TRANSFER_TARGETS: JSON.stringify(own) });
    expect(custom.transferTargets).toEqual(own);
    expect(telephonySettings(custom).transferTargets).toEqual(own);
  });

  it('refuses a transfer list that is not JSON, has a bad address, a twice-used id or a regency without code', () => {
    const refuse = (value: unknown) =>
      expect(() =>
        loadConfig({ PINISI_TRANSFER_TARGETS: typeof value === 'string' ? value : JSON.stringify(value) }),
      ).toThrow(/PINISI_TRANSFER_TARGETS/);
    refuse('[{"id":');
    refuse([{ id: 'polisi', name: 'Polisi', kind: 'police', uri: 'tel:110' }]);
    refuse([{ id: 'polisi', name: 'Polisi', kind: 'army', uri: null }]);
    refuse([
      { id: 'polisi', name: 'Polisi', kind: 'police', uri: null },
      { id: 'polisi', name: 'Polres', kind: 'police', uri: null },
    ]);
    refuse([{ id: '112-gowa', name: '112 Gowa', kind: 'regency_112', uri: 'sip:112@10.0.0.1' }]);
    expect(() => loadConfig({ PINISI_TRANSFER_GATEWAY: 'ten zero <x>' })).toThrow(/PINISI_TRANSFER_GATEWAY/);
  });
});
