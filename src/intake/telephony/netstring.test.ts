// Netstring framing: split and joined frames, multi-byte text, malformed input.
import { describe, expect, it } from 'vitest';
import { encodeNetstring, NetstringDecoder } from './netstring.ts';

describe('netstring', () => {
  it('round-trips, counting bytes not characters', () => {
    const frame = encodeNetstring('{"a":"Bulukumba – 112"}');
    expect(frame.toString('utf8')).toBe('25:{"a":"Bulukumba – 112"},');
    expect(new NetstringDecoder().push(frame)).toEqual(['{"a":"Bulukumba – 112"}']);
  });

  it('handles frames split across chunks and several frames in one chunk', () => {
    const d = new NetstringDecoder();
    const both = Buffer.concat([encodeNetstring('hello'), encodeNetstring('world!')]);
    expect(d.push(both.subarray(0, 3))).toEqual([]);
    expect(d.push(both.subarray(3, 10))).toEqual(['hello']);
    expect(d.push(both.subarray(10))).toEqual(['world!']);
    expect(d.pending).toBe(0);
  });

  it('skips whitespace between frames (Kamailio docs show a newline)', () => {
    expect(new NetstringDecoder().push(Buffer.from('2:ab,\n3:cde,'))).toEqual(['ab', 'cde']);
  });

  it('rejects malformed frames', () => {
    expect(() => new NetstringDecoder().push(Buffer.from('x2:ab,'))).toThrow(/length/);
    expect(() => new NetstringDecoder().push(Buffer.from('2:abc'))).toThrow(/comma/);
    expect(() => new NetstringDecoder().push(Buffer.from('12345678901'))).toThrow(/prefix/);
  });
});
