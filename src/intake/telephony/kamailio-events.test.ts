// Kamailio's evapi JSON to typed call events: withheld numbers, P-Asserted-Identity, times, broken input.
import { describe, expect, it } from 'vitest';
import { callerNumber, kamailioTime, parseKamailioEvent } from './kamailio-events.ts';

describe('callerNumber', () => {
  it('takes the From user, preferring P-Asserted-Identity', () => {
    expect(callerNumber('081234567890', null, null)).toBe('081234567890');
    expect(callerNumber('+62 812-3456-7890', null, null)).toBe('+6281234567890');
    expect(callerNumber('trunk', '<sip:+6281299998888@ims.example;user=phone>', null)).toBe('+6281299998888');
  });

  it('gives null for withheld or missing numbers (112 works without a SIM card)', () => {
    expect(callerNumber('anonymous', null, null)).toBeNull();
    expect(callerNumber('Restricted', null, null)).toBeNull();
    expect(callerNumber(null, null, null)).toBeNull();
    expect(callerNumber('081234567890', null, 'id')).toBeNull();
    expect(callerNumber('x', null, null)).toBeNull();
  });
});

describe('parseKamailioEvent', () => {
  it('reads an offer with its suspension, location headers and time', () => {
    const event = parseKamailioEvent({
      event: 'offer',
      callId: 'abc@10.0.0.1',
      fromTag: 't1',
      at: '1795830000.250000',
      fromUser: 'anonymous',
      geolocation: '<cid:x@y>',
      contentType: 'multipart/mixed; boundary=b',
      body: '--b--',
      tindex: 12,
      tlabel: '345',
    });
    expect(event).toEqual({
      type: 'offer',
      callId: 'abc@10.0.0.1',
      fromTag: 't1',
      at: 1795830000250,
      suspension: { tindex: 12, tlabel: 345 },
      number: null,
      geolocation: '<cid:x@y>',
      contentType: 'multipart/mixed; boundary=b',
      body: '--b--',
    });
  });

  it('refuses events it cannot act on', () => {
    expect(parseKamailioEvent({ event: 'offer', callId: 'a' })).toBeNull(); // no suspension
    expect(parseKamailioEvent({ event: 'answered' })).toBeNull(); // no Call-ID
    expect(parseKamailioEvent({ event: 'teleport', callId: 'a' })).toBeNull();
    expect(parseKamailioEvent({ event: 'ended', callId: '<null>' })).toBeNull();
  });

  it('reads a replayed fallback record', () => {
    const event = parseKamailioEvent({
      event: 'fallback',
      replayed: true,
      callId: 'f1',
      fromUser: '0811',
      fallbackAt: '1795830001.000000',
      answeredAt: '1795830003.5',
      endedAt: '1795830010',
      endedFromTag: 't9',
    });
    expect(event).toMatchObject({
      type: 'fallback',
      replayed: true,
      number: '0811',
      fallbackAt: 1795830001000,
      answeredAt: 1795830003500,
      endedAt: 1795830010000,
      abandonedAt: null,
    });
  });

  it('converts Kamailio time stamps', () => {
    expect(kamailioTime('1795830000.123456')).toBe(1795830000123);
    expect(kamailioTime('soon')).toBeNull();
    expect(kamailioTime(undefined)).toBeNull();
  });
});
