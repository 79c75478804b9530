// Refuses JSON bodies nested deeper than any Pinisi document needs, before validation or JSON.stringify can overflow.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/** The deepest SOP document (conditions inside conditions) stays far below this. */
const MAX_DEPTH = 64;

/** The nesting depth of a parsed JSON value, counted without recursion; stops once past the limit. */
function depthExceeds(value: unknown, limit = MAX_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

export function registerBodyDepthLimit(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && depthExceeds(request.body)) {
      throw new DomainError('request.too_deep', `The body is nested deeper than ${MAX_DEPTH} levels`);
    }
  });
}
