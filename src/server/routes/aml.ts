// The AML endpoints (ETSI TS 103 625 HTTPS form, SMS text via a gateway): closed until a secret is configured,
// optionally only from listed addresses; an accepted message gets the same answer whether or not its number is on a call.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { parseAmlHttp } from '../../intake/location/aml-http.ts';
import { parseAmlSms } from '../../intake/location/aml-sms.ts';
import type { CallerLocation } from '../../intake/location/types.ts';
import { OkBody } from '../../protocol/bodies.ts';
import { addressMatcher } from '../address-list.ts';

export interface AmlOptions {
  /** PINISI_AML_SECRET; null keeps both endpoints closed. */
  secret: string | null;
  /** PINISI_AML_ALLOW; null accepts any source address that presents the secret. */
  allow: readonly string[] | null;
  /** Hands a location to the telephony brain (attached to the live call of that number, or kept a while); resolves once recorded. */
  offer: (number: string, location: CallerLocation) => Promise<void>;
}

const RATE_LIMIT = { rateLimit: { max: 600, timeWindow: '1 minute' } };
/** The one answer to every message that passed the checks: nothing about calls or numbers. */
const RECEIVED = { ok: true } as const;

const digest = (text: string) => createHash('sha256').update(text).digest();

export function registerAmlRoutes(app: FastifyInstance, options: AmlOptions): void {
  const expected = options.secret === null ? null : digest(options.secret);
  const allowed = options.allow === null ? null : addressMatcher(options.allow);

  void app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.addHook('onRequest', async (request: FastifyRequest) => {
      if (expected === null) {
        throw new DomainError('aml.disabled', 'AML is switched off: PINISI_AML_SECRET is not configured');
      }
      if (allowed !== null && !allowed(request.ip)) {
        app.log.warn({ ip: request.ip }, 'AML message from an address not on PINISI_AML_ALLOW refused');
        throw new DomainError('aml.address', 'This address may not send AML messages');
      }
      const query = (request.query ?? {}) as Record<string, unknown>;
      const header = request.headers['x-aml-secret'];
      const given =
        typeof header === 'string' ? header : typeof query.secret === 'string' ? query.secret : '';
      if (!timingSafeEqual(digest(given), expected)) {
        app.log.warn({ ip: request.ip }, 'AML message with a wrong or missing shared secret refused');
        throw new DomainError('aml.secret', 'Wrong or missing AML shared secret');
      }
    });

    scope.post(
      '/api/aml',
      { config: RATE_LIMIT, schema: { tags: ['telephony'], response: { 200: OkBody } } },
      async (request) => {
        const report = parseAmlHttp(typeof request.body === 'string' ? request.body : '');
        if (report.number !== null && report.location !== null)
          await options.offer(report.number, report.location);
        return RECEIVED;
      },
    );

    scope.post(
      '/api/aml/sms',
      { config: RATE_LIMIT, schema: { tags: ['telephony'], response: { 200: OkBody } } },
      async (request) => {
        // The gateway may send the bare SMS text, or JSON {from, text} (parsed already or still a string).
        let text = typeof request.body === 'string' ? request.body : '';
        let from: string | null = (request.headers['x-sms-from'] as string | undefined) ?? null;
        let json: unknown = request.body;
        if (typeof json === 'string' && json.trimStart().startsWith('{')) {
          try {
            json = JSON.parse(json);
          } catch {
            json = null;
          }
        }
        if (json !== null && typeof json === 'object') {
          const fields = json as { text?: unknown; from?: unknown };
          if (typeof fields.text === 'string') text = fields.text;
          if (typeof fields.from === 'string') from = fields.from;
        }
        const result = parseAmlSms(text);
        if (result.ok && result.report.location !== null && from !== null)
          await options.offer(from, result.report.location);
        return RECEIVED;
      },
    );
  });
}
