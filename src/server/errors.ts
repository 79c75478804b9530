// Turns refusals into HTTP answers of one shape: {error: {kind, code, message, field}}.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorKind } from '../domain/errors.ts';

export interface ErrorBody {
  error: {
    kind: ErrorKind | 'unauthorized' | 'rate_limited' | 'internal';
    code: string;
    message: string;
    field: string | null;
  };
}

const STATUS: Record<ErrorKind, number> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 };

export function domainErrorReply(reply: FastifyReply, error: DomainError): FastifyReply {
  const body: ErrorBody = {
    error: { kind: error.kind, code: error.code, message: error.message, field: error.field },
  };
  return reply.code(STATUS[error.kind]).send(body);
}

/** `/location/lat` → `location.lat`; an unknown property is named by itself. */
function fieldOf(v: { instancePath?: string; params?: Record<string, unknown> }): string | null {
  const base = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const extra = v.params?.additionalProperty ?? v.params?.missingProperty;
  const field = typeof extra === 'string' ? (base ? `${base}.${extra}` : extra) : base;
  return field || null;
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof DomainError) return domainErrorReply(reply, error);
  if (error.validation && error.validation.length > 0) {
    const first = error.validation[0]!;
    const field = fieldOf(first);
    const where = error.validationContext === 'headers' ? 'header ' : '';
    const extra = first.params?.additionalProperty;
    const message =
      typeof extra === 'string'
        ? `Unknown field ${field}`
        : `${where}${field ?? error.validationContext ?? 'input'} ${first.message ?? 'is invalid'}`;
    const body: ErrorBody = { error: { kind: 'invalid', code: 'validation', message, field } };
    return reply.code(400).send(body);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) {
    const body: ErrorBody = {
      error: { kind: 'rate_limited', code: 'rate_limited', message: error.message, field: null },
    };
    return reply.code(429).send(body);
  }
  if (status >= 500) request.log.error(error);
  const body: ErrorBody = {
    error: {
      kind: status >= 500 ? 'internal' : 'invalid',
      code: status >= 500 ? 'internal' : (error.code ?? 'bad_request'),
      message: status >= 500 ? 'Internal error; the command was not recorded' : error.message,
      field: null,
    },
  };
  return reply.code(status).send(body);
}
