// Kept files: served while their stamp holds, let go once it changed, never kept when not made whole or too large.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KeptFiles } from './kept-files.ts';

const file = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));
const read = async (body: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

describe('KeptFiles', () => {
  it('serves a file read whole while its stamp holds, and lets it go once the stamp changed', async () => {
    const kept = new KeptFiles();
    expect(await read(kept.keep('oct', 's1', file('ab', 'cd')))).toBe('abcd');
    expect(kept.get('oct', 's1')?.toString()).toBe('abcd');
    expect(kept.get('oct', 's2')).toBeNull();
    expect(kept.get('oct', 's1')).toBeNull();
  });

  it('keeps nothing of a file not made whole', async () => {
    const kept = new KeptFiles();
    const failing = new Readable({ read() {} });
    const body = kept.keep('oct', 's1', failing);
    failing.push(Buffer.from('ab'));
    failing.destroy(new Error('database gone'));
    await expect(read(body)).rejects.toThrow('database gone');
    expect(kept.get('oct', 's1')).toBeNull();
  });

  it('keeps files up to its limit, the least recently used going first, and none larger', async () => {
    const kept = new KeptFiles(6);
    await read(kept.keep('a', 's', file('aaa')));
    await read(kept.keep('b', 's', file('bbb')));
    expect(kept.get('a', 's')?.toString()).toBe('aaa');
    await read(kept.keep('c', 's', file('ccc')));
    expect(kept.get('b', 's')).toBeNull();
    expect(kept.get('a', 's')?.toString()).toBe('aaa');
    await read(kept.keep('d', 's', file('dddd', 'ddd')));
    expect(kept.get('d', 's')).toBeNull();
    expect(kept.get('c', 's')?.toString()).toBe('ccc');
  });
});
