// A minimal SIP caller over TLS (SIPp here is built without TLS): INVITE with a given body, ACK the 200 along its
// Record-Route, hang up after holdMs, and report the responses it got.
import { randomBytes } from 'node:crypto';
import { connect, type TLSSocket } from 'node:tls';
import { until } from './harness.ts';

export interface StreamCallResult {
  /** Status codes of the INVITE's responses, in order. */
  inviteCodes: number[];
  /** Status code of the BYE's response. */
  byeCode: number;
  /** Bytes of the INVITE sent. */
  inviteBytes: number;
}

interface Message {
  start: string;
  headers: Array<[string, string]>;
}

/** Splits a stream of SIP messages framed by Content-Length. */
function reader(socket: TLSSocket, messages: Message[]): void {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      while (buffer.length >= 2 && buffer[0] === 0x0d && buffer[1] === 0x0a) buffer = buffer.subarray(2);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [start = '', ...lines] = buffer.subarray(0, end).toString('utf8').split('\r\n');
      const headers = lines.map((l): [string, string] => {
        const colon = l.indexOf(':');
        return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()];
      });
      const length = Number(headers.find(([k]) => k === 'content-length' || k === 'l')?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      messages.push({ start, headers });
      buffer = buffer.subarray(end + 4 + length);
    }
  });
}

const header = (m: Message, name: string) => m.headers.filter(([k]) => k === name).map(([, v]) => v);
const code = (m: Message) => Number(/^SIP\/2\.0 (\d{3})/.exec(m.start)?.[1] ?? 0);
const cseq = (m: Message) => header(m, 'cseq')[0] ?? '';

export async function tlsCall(options: {
  port: number;
  caller: string;
  contentType: string;
  /** The body, given the caller's own address for its SDP. */
  body: (localIp: string, localPort: number) => string;
  holdMs: number;
}): Promise<StreamCallResult> {
  const socket = connect({ host: '127.0.0.1', port: options.port, rejectUnauthorized: false });
  await new Promise<void>((ok, fail) => {
    socket.once('secureConnect', () => ok());
    socket.once('error', fail);
  });
  const messages: Message[] = [];
  reader(socket, messages);
  const local = `127.0.0.1:${socket.localPort}`;
  const callId = `${randomBytes(8).toString('hex')}@pinisi.test`;
  const fromTag = randomBytes(4).toString('hex');
  const target = `sip:112@127.0.0.1:${options.port};transport=tls`;
  const via = () => `Via: SIP/2.0/TLS ${local};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`;
  const from = `From: <sip:${options.caller}@127.0.0.1>;tag=${fromTag}`;
  try {
    const body = options.body('127.0.0.1', socket.localPort ?? 0);
    const invite = [
      `INVITE ${target} SIP/2.0`,
      via(),
      from,
      `To: <${target}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      `Contact: <sip:${options.caller}@${local};transport=tls>`,
      'Max-Forwards: 70',
      `Content-Type: ${options.contentType}`,
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
    socket.write(invite);
    const ok = await until(
      'the INVITE answered',
      () => messages.find((m) => cseq(m).endsWith('INVITE') && code(m) >= 200) ?? null,
      30_000,
    );
    const inviteCodes = messages.filter((m) => cseq(m).endsWith('INVITE')).map(code);
    if (code(ok) !== 200) return { inviteCodes, byeCode: 0, inviteBytes: Buffer.byteLength(invite) };
    const to = `To: ${header(ok, 'to')[0] ?? header(ok, 't')[0]}`;
    const contact = /<([^>]+)>/.exec(header(ok, 'contact')[0] ?? '')?.[1] ?? target;
    const routes = header(ok, 'record-route')
      .flatMap((v) => v.split(/,(?=\s*<)/))
      .reverse();
    const inDialog = (method: string, n: number) =>
      [
        `${method} ${contact} SIP/2.0`,
        via(),
        from,
        to,
        `Call-ID: ${callId}`,
        `CSeq: ${n} ${method}`,
        ...routes.map((r) => `Route: ${r.trim()}`),
        'Max-Forwards: 70',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    socket.write(inDialog('ACK', 1));
    await new Promise((r) => setTimeout(r, options.holdMs));
    socket.write(inDialog('BYE', 2));
    const bye = await until('the BYE answered', () => messages.find((m) => cseq(m).endsWith('BYE')) ?? null);
    return { inviteCodes, byeCode: code(bye), inviteBytes: Buffer.byteLength(invite) };
  } finally {
    socket.destroy();
  }
}
