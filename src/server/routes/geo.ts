// Serves the boundaries file to the consoles: the map draws it and the incident form looks points up in it.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { BOUNDARIES_FILE, bulukumbaGeo } from '../../seed/boundaries.ts';
import { requireUser } from '../auth.ts';

export function registerGeoRoutes(app: FastifyInstance): void {
  // Built now, so a damaged boundaries file stops start-up with its fault named rather than a caller's lookup.
  bulukumbaGeo();
  const body = readFileSync(BOUNDARIES_FILE);
  let gzipped: Buffer | null = null;
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
  app.get(
    '/api/geo/boundaries',
    { onRequest: requireUser('reference.read'), schema: { tags: ['read'] } },
    async (request, reply) => {
      reply
        .header('etag', etag)
        .header('cache-control', 'private, max-age=86400')
        .header('vary', 'accept-encoding');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      reply.type('application/geo+json');
      // 480 KB of coordinates are 120 KB gzipped: compressed once, on the first request that accepts it.
      if (!/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return reply.send(body);
      gzipped ??= gzipSync(body, { level: 9 });
      return reply.header('content-encoding', 'gzip').send(gzipped);
    },
  );
}
