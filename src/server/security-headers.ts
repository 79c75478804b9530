// Security headers on every answer (app, assets, API, /docs) and the Origin check on state-changing requests and the
// WebSocket upgrade: one onRequest and one onSend hook instead of a dependency.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';

export interface SecurityOptions {
  /** PINISI_TILE_URL: its origin may serve map tiles and styles. */
  tileUrl: string | null;
  /** PINISI_PUBLIC_URL: the address users type; its origin is accepted besides the request's own. */
  publicUrl: string | null;
  /** PINISI_HSTS_SECONDS: Strict-Transport-Security max-age on HTTPS answers; 0 sends none. */
  hstsSeconds: number;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The Content-Security-Policy the consoles and the MapLibre map work under; /docs (Swagger UI) adds inline styles. */
function contentSecurityPolicy(tileUrl: string | null, inlineStyles: boolean): string {
  const tiles = tileUrl ? ` ${new URL(tileUrl.replaceAll(/[{}]/g, '')).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // No inline <script> anywhere; only Swagger UI's page needs inline styles.
    `style-src 'self'${inlineStyles ? " 'unsafe-inline'" : ''}`,
    `img-src 'self' data: blob:${tiles}`,
    `connect-src 'self'${tiles}`,
    "worker-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The request's own origin as the browser saw it (behind a trusted proxy: its forwarded protocol and host). */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function registerSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const csp = contentSecurityPolicy(options.tileUrl, false);
  const docsCsp = contentSecurityPolicy(options.tileUrl, true);
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;

  // A browser always sends Origin on a cross-origin POST and on a WebSocket upgrade; a request from another site (or
  // another port of this host, which shares the SameSite cookie) is refused before it is read. Non-browser senders
  // (AML gateways, scripts) send no Origin and are judged by their credentials alone.
  app.addHook('onRequest', async (request) => {
    const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
    if (!STATE_CHANGING.has(request.method) && !upgrade) return;
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (origin === ownOrigin(request) || origin === publicOrigin) return;
    request.log.warn({ origin, url: request.url }, 'request from another origin refused');
    throw new DomainError('origin.forbidden', `Requests from ${origin} are not accepted`);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', request.url.startsWith('/docs') ? docsCsp : csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (options.hstsSeconds > 0 && request.protocol === 'https')
      reply.header('strict-transport-security', `max-age=${options.hstsSeconds}; includeSubDomains`);
    return payload;
  });
}
