// The built consoles from memory: the copy the browser accepts, 304 for the copy it holds, a rebuilt file seen at the
// next request, a file gone answered as not found.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accepts, registerWebFiles } from './web-files.ts';

const JS = 'export const hello = "halo";\n'.repeat(20);

describe('web files from memory', () => {
  let root = '';
  let app: FastifyInstance;

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'pinisi-web-files-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pinisi</title>');
    writeFileSync(join(root, '.sources-sha256'), 'stamp');
    writeFileSync(join(root, 'assets/index-AbCdEf12.js'), JS);
    writeFileSync(join(root, 'assets/index-AbCdEf12.js.gz'), gzipSync(JS));
    writeFileSync(join(root, 'assets/index-AbCdEf12.js.br'), 'brotli bytes');
    app = Fastify();
    registerWebFiles(app, root, (path) => (path.startsWith('/assets/') ? 'immutable' : 'no-cache'));
    await app.ready();
  });
  afterEach(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends brotli, gzip or the plain file as the browser accepts', async () => {
    const url = '/assets/index-AbCdEf12.js';
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body).toBe('brotli bytes');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('immutable');
    expect(br.headers.vary).toBe('accept-encoding');
    const gz = await app.inject({ url, headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBe(gzipSync(JS).length);
    const plain = await app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    const head = await app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
  });

  it('answers 304 to a browser holding the same copy', async () => {
    const first = await app.inject({ url: '/', headers: { 'accept-encoding': 'br' } });
    expect(first.headers['content-type']).toMatch(/text\/html/);
    const again = await app.inject({ url: '/', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('sees a rebuilt file at the next request and answers 404 for a file gone', async () => {
    expect((await app.inject({ url: '/index.html' })).body).toContain('Pinisi');
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Pinisi 2</title>');
    utimesSync(join(root, 'index.html'), new Date(), new Date(Date.now() + 5000));
    expect((await app.inject({ url: '/index.html' })).body).toContain('Pinisi 2');
    rmSync(join(root, 'index.html'));
    expect((await app.inject({ url: '/index.html' })).statusCode).toBe(404);
  });

  it('serves neither dotfiles nor the compressed copies by their own names', async () => {
    expect((await app.inject({ url: '/.sources-sha256' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/index-AbCdEf12.js.br' })).statusCode).toBe(404);
  });

  it('reads Accept-Encoding with its weights and wildcard', () => {
    expect(accepts('gzip, deflate, br', 'br')).toBe(true);
    expect(accepts('gzip;q=1.0, br;q=0', 'br')).toBe(false);
    expect(accepts('*', 'gzip')).toBe(true);
    expect(accepts('*;q=0, gzip', 'br')).toBe(false);
    expect(accepts('identity', 'gzip')).toBe(false);
    expect(accepts(undefined, 'gzip')).toBe(false);
  });
});
