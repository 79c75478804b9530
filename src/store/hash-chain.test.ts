import { describe, expect, it } from 'vitest';
import { type ChainLink, chainHash, checkHead, GENESIS_HASH, verifyChain } from './hash-chain.ts';

function chain(texts: string[]): ChainLink[] {
  let prev = GENESIS_HASH;
  return texts.map((data, i) => {
    const hash = chainHash(prev, i + 1, data);
    prev = hash;
    return { seq: i + 1, data, hash };
  });
}

describe('hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(['a', 'b', 'c']))).toMatchObject({ ok: true, count: 3 });
  });

  it('names the first link whose text was changed', () => {
    const links = chain(['a', 'b', 'c', 'd']);
    links[2] = { ...links[2]!, data: 'C' };
    expect(verifyChain(links)).toMatchObject({ ok: false, seq: 3 });
  });

  it('names a gap in the sequence', () => {
    const links = chain(['a', 'b', 'c']);
    links.splice(1, 1);
    expect(verifyChain(links)).toMatchObject({ ok: false, seq: 3 });
  });

  it('detects a rewritten history even when the rewriter recomputed later hashes but not the head', () => {
    const links = chain(['a', 'b']);
    const forged = chain(['x', 'b']);
    expect(verifyChain([forged[0]!, links[1]!])).toMatchObject({ ok: false, seq: 2 });
  });

  it('checks the end of the log against the head record', () => {
    const links = chain(['a', 'b', 'c']);
    const head = { seq: 3, hash: links[2]!.hash };
    expect(checkHead(links[2]!, head)).toMatchObject({ ok: true, seq: 3 });
    // The last event deleted: the chain of what is left is intact, the head record is not.
    expect(verifyChain(links.slice(0, 2))).toMatchObject({ ok: true });
    expect(checkHead(links[1]!, head)).toMatchObject({
      ok: false,
      seq: 3,
      reason: expect.stringMatching(/missing/),
    });
    // The last event rewritten with a recomputed hash.
    const forged = chain(['a', 'b', 'X'])[2]!;
    expect(checkHead(forged, head)).toMatchObject({ ok: false, seq: 3 });
    // Events appended without moving the head record.
    expect(checkHead(links[2]!, { seq: 2, hash: links[1]!.hash })).toMatchObject({ ok: false, seq: 3 });
  });
});
