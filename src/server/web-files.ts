// The built consoles (web/dist) served from memory: each file and its brotli and gzip copies are read once and kept,
// so a page's files cost no disk reads and no trips through libuv's thread pool, where seven consoles signing in at
// once would wait behind each other's argon2 hashes.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Encoding = 'br' | 'gzip';
/** The copies the build writes beside a file (web/bundle-plugin.ts), best first. */
const ENCODINGS: readonly Encoding[] = ['br', 'gzip'];
const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Variant {
  encoding: Encoding | null;
  body: Buffer;
  etag: string;
}

interface Kept {
  /** The plain file's size and time of change when read: a rebuild is seen at the next request. */
  size: number;
  mtimeMs: number;
  /** The compressed copies first (best first), the plain file last. */
  variants: Variant[];
}

const etagOf = (body: Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

/** Whether Accept-Encoding allows `encoding` (named or by `*`, with a q above 0). */
export function accepts(header: string | undefined, encoding: Encoding): boolean {
  if (!header) return false;
  let wildcard = false;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const allowed = q === undefined || Number(q) > 0;
    if (name.trim() === encoding) return allowed;
    if (name.trim() === '*') wildcard = allowed;
  }
  return wildcard;
}

/** The files of a build folder, read on first use and kept while they stay the same on disk. */
export class WebFiles {
  private readonly root: string;
  private readonly kept = new Map<string, Kept>();

  constructor(root: string) {
    this.root = root;
  }

  /** The files to serve, as URL paths (`/index.html`, `/assets/…`): not the compressed copies, not dotfiles. */
  list(): string[] {
    return readdirSync(this.root, { recursive: true, encoding: 'utf8' })
      .map((f) => f.replaceAll('\\', '/'))
      .filter((f) => !/(^|\/)\./.test(f) && !/\.(br|gz)$/.test(f))
      .filter((f) => statSync(join(this.root, f)).isFile())
      .map((f) => `/${f}`)
      .sort();
  }

  /** The file at a URL path as kept (read again when it changed on disk), or null when it is gone. */
  read(path: string): Kept | null {
    const full = join(this.root, path);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat?.isFile()) {
      this.kept.delete(path);
      return null;
    }
    const known = this.kept.get(path);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known;
    const plain = readFileSync(full);
    const variants: Variant[] = [];
    for (const encoding of ENCODINGS) {
      const copy = statSync(full + SUFFIX[encoding], { throwIfNoEntry: false });
      if (!copy?.isFile()) continue;
      const body = readFileSync(full + SUFFIX[encoding]);
      variants.push({ encoding, body, etag: etagOf(body) });
    }
    variants.push({ encoding: null, body: plain, etag: etagOf(plain) });
    const kept = { size: stat.size, mtimeMs: stat.mtimeMs, variants };
    this.kept.set(path, kept);
    return kept;
  }

  /**
   * Answers a GET of the file at `path`: the best copy the browser accepts, its type and `cacheControl`, and 304 when
   * the browser holds that copy already. False when the file is gone (the caller answers 404).
   */
  send(request: FastifyRequest, reply: FastifyReply, path: string, cacheControl: string): boolean {
    const kept = this.read(path);
    if (!kept) return false;
    const accept = request.headers['accept-encoding'];
    const variant =
      kept.variants.find((v) => v.encoding === null || accepts(accept, v.encoding)) ?? kept.variants.at(-1)!;
    reply
      .header('content-type', TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream')
      .header('cache-control', cacheControl)
      .header('etag', variant.etag);
    if (kept.variants.length > 1) reply.header('vary', 'accept-encoding');
    if (variant.encoding) reply.header('content-encoding', variant.encoding);
    const held = request.headers['if-none-match'];
    if (held?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === variant.etag)) {
      reply.code(304).send();
      return true;
    }
    reply.send(variant.body);
    return true;
  }
}

/**
 * A GET route for each file of the build (HEAD comes with it), `/` for index.html; what `cacheControl` says for each
 * file. Returns the files, whose `send` the not-found handler uses for the console routes.
 */
export function registerWebFiles(
  app: FastifyInstance,
  root: string,
  cacheControl: (path: string) => string,
): WebFiles {
  const files = new WebFiles(root);
  const serve = (path: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!files.send(request, reply, path, cacheControl(path))) return reply.callNotFound();
    return reply;
  };
  for (const path of files.list()) app.get(path, { schema: { hide: true } }, serve(path));
  app.get('/', { schema: { hide: true } }, serve('/index.html'));
  return files;
}
