// Files of closed periods kept in memory once made, each with the stamp of what it was made from: served again
// while the stamp read anew is the same, made again once anything behind it changed (a late event, an erasure).
import { pipeline, type Readable, Transform } from 'node:stream';

/** What the kept files may hold at most, together (the oldest kept go first); a larger file is not kept. */
const LIMIT_BYTES = 64 * 1024 * 1024;

export class KeptFiles {
  private readonly files = new Map<string, { stamp: string; body: Buffer }>();
  private bytes = 0;
  private readonly limit: number;

  constructor(limitBytes = LIMIT_BYTES) {
    this.limit = limitBytes;
  }

  /**
   * The file kept under this key if it was made from the same stamp (then the last to go). One made from another
   * stamp is let go at once: it is never served again (it may hold personal data erased since).
   */
  get(key: string, stamp: string): Buffer | null {
    const kept = this.files.get(key);
    if (kept?.stamp !== stamp) {
      this.drop(key);
      return null;
    }
    this.files.delete(key);
    this.files.set(key, kept);
    return kept.body;
  }

  /**
   * The file as it is made, kept under the key once it has been made whole (a failure, or a reader that stops
   * while it is being made, keeps nothing). The stamp must be read before the file is made: a change while it is
   * made then makes the next stamp differ.
   */
  keep(key: string, stamp: string, body: Readable): Readable {
    const chunks: Buffer[] = [];
    let size = 0;
    const tee = new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        size += chunk.length;
        if (size <= this.limit) chunks.push(chunk);
        else chunks.length = 0;
        done(null, chunk);
      },
      flush: (done) => {
        if (size <= this.limit) this.put(key, stamp, Buffer.concat(chunks, size));
        done();
      },
    });
    // A reader that stops (or a failure) ends both: the file is no longer made.
    return pipeline(body, tee, () => {});
  }

  private put(key: string, stamp: string, body: Buffer): void {
    this.drop(key);
    while (this.bytes + body.length > this.limit && this.files.size > 0)
      this.drop(this.files.keys().next().value!);
    this.files.set(key, { stamp, body });
    this.bytes += body.length;
  }

  private drop(key: string): void {
    const kept = this.files.get(key);
    if (!kept) return;
    this.bytes -= kept.body.length;
    this.files.delete(key);
  }
}
