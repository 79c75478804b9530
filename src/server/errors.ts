// The one answer to every refusal and failure: routes throw, this handler answers {error: {kind, code, message, field}}.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import { ErrorBody } from '../protocol/error-body.ts';
import { type ErrorCode, errorStatus } from '../protocol/errors.ts';
import { storageFailure } from './storage-failure.ts';

/** The answer to a refusal, with the status the catalogue gives its code. */
export function errorReply(reply: FastifyReply, error: DomainError): FastifyReply {
  const body: ErrorBody = {
    error: { kind: error.kind, code: error.code, message: error.message, field: error.field },
    ...(error.faults ? { faults: error.faults } : {}),
  };
  // A file that failed before its first byte (a workbook's stream) had set its own type and name: the answer is JSON.
  reply.removeHeader('content-disposition');
  return reply.code(errorStatus(error.code)).type('application/json; charset=utf-8').send(body);
}

/** `/location/lat` → `location.lat`; an unknown property is named by itself. */
function fieldOf(v: { instancePath?: string; params?: Record<string, unknown> }): string | null {
  const base = (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const extra = v.params?.additionalProperty ?? v.params?.missingProperty;
  const field = typeof extra === 'string' ? (base ? `${base}.${extra}` : extra) : base;
  return field || null;
}

/** Schema validation failures name the first field at fault. */
function validationError(error: FastifyError): DomainError {
  const first = error.validation![0]!;
  const field = fieldOf(first);
  const where = error.validationContext === 'headers' ? 'header ' : '';
  const extra = first.params?.additionalProperty;
  const message =
    typeof extra === 'string'
      ? `Unknown field ${field}`
      : `${where}${field ?? error.validationContext ?? 'input'} ${first.message ?? 'is invalid'}`;
  return new DomainError('validation', message, field);
}

/** Fastify's and its plugins' own 4xx errors (body too large, bad JSON, rate limit) by their status. */
function clientErrorCode(status: number): ErrorCode {
  if (status === 413) return 'request.too_large';
  if (status === 415) return 'request.media_type';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'route.not_found';
  return 'request.invalid';
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const storage = storageFailure(error);
  if (storage !== null) {
    request.log.error(error);
    return errorReply(reply, new DomainError(storage, storageMessage(storage)));
  }
  if (error instanceof DomainError) {
    if (errorStatus(error.code) >= 500) request.log.error(error.cause ?? error);
    return errorReply(reply, error);
  }
  if (error.validation && error.validation.length > 0) return errorReply(reply, validationError(error));
  const status = error.statusCode ?? 500;
  if (status >= 500) {
    request.log.error(error);
    return errorReply(reply, new DomainError('internal', 'Internal error'));
  }
  return errorReply(reply, new DomainError(clientErrorCode(status), error.message));
}

function storageMessage(code: 'storage.full' | 'storage.unavailable'): string {
  return code === 'storage.full'
    ? 'The database disk on the server is full; nothing was recorded'
    : 'The database cannot be reached; nothing was recorded';
}

/** Unknown API routes answer in the same shape. */
export function routeNotFound(request: FastifyRequest): DomainError {
  return new DomainError('route.not_found', `No route ${request.method} ${request.url}`);
}

/** Every API route answers its refusals and failures with ErrorBody: declared once here, so /docs shows it too. */
export function declareErrorAnswers(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.websocket) return;
    route.schema ??= {};
    const schema = route.schema;
    schema.response = { ...(schema.response as object | undefined), '4xx': ErrorBody, '5xx': ErrorBody };
  });
}
