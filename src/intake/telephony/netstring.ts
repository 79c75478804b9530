// Netstring framing (`<len>:<bytes>,`) used by Kamailio's evapi socket and baresip's ctrl_tcp.

export function encodeNetstring(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body, Buffer.from(',', 'ascii')]);
}

/** Accumulates bytes from a stream and yields each complete netstring payload. */
export class NetstringDecoder {
  #buffer: Buffer = Buffer.alloc(0);

  /** Feeds a chunk; returns the payloads it completed. Throws on a malformed frame. */
  push(chunk: Buffer): string[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const out: string[] = [];
    for (;;) {
      // Some peers separate frames with whitespace or newlines; skip it.
      let start = 0;
      while (start < this.#buffer.length && isSpace(this.#buffer[start]!)) start += 1;
      if (start > 0) this.#buffer = this.#buffer.subarray(start);
      const colon = this.#buffer.indexOf(0x3a);
      if (colon < 0) {
        if (this.#buffer.length > 10) throw new Error('Malformed netstring: no length prefix');
        break;
      }
      const lengthText = this.#buffer.subarray(0, colon).toString('ascii');
      if (!/^\d{1,9}$/.test(lengthText)) throw new Error(`Malformed netstring length "${lengthText}"`);
      const length = Number(lengthText);
      const end = colon + 1 + length;
      if (this.#buffer.length < end + 1) break;
      if (this.#buffer[end] !== 0x2c) throw new Error('Malformed netstring: missing trailing comma');
      out.push(this.#buffer.subarray(colon + 1, end).toString('utf8'));
      this.#buffer = this.#buffer.subarray(end + 1);
    }
    return out;
  }

  get pending(): number {
    return this.#buffer.length;
  }
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
