// Route schemas compile on first use, validate exactly as Fastify's own compilers do, and refuse mixed-case headers.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { lazySchemas } from './lazy-schemas.ts';

const body = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 2 }, count: { type: 'integer', default: 1 } },
  additionalProperties: false,
};
const response = {
  200: { type: 'object', properties: { name: { type: 'string' }, count: { type: 'integer' } } },
};

function routes(app: FastifyInstance): FastifyInstance {
  for (const path of ['/a', '/b'])
    app.post(path, { schema: { body, response } }, async (request) => ({
      ...(request.body as object),
      secret: 'not in the response schema',
    }));
  return app;
}

describe('lazy route schemas', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });
  const make = (lazy: boolean) => {
    const schemas = lazySchemas();
    const app = Fastify(lazy ? { schemaController: { compilersFactory: schemas.compilersFactory } } : {});
    apps.push(routes(app));
    return { app, schemas };
  };

  it('compiles a route schema on its first request, not at start', async () => {
    const { app, schemas } = make(true);
    await app.ready();
    const answer = await app.inject({ method: 'POST', url: '/a', payload: { name: 'Andi' } });
    expect(answer.json()).toEqual({ name: 'Andi', count: 1 });
    // Route b's validator and serializer are still waiting; route a's were compiled by its request.
    expect(schemas.compileAll()).toBe(2);
    expect(schemas.compileAll()).toBe(0);
  });

  it('answers as Fastify with its own compilers does', async () => {
    const eager = make(false).app;
    const { app } = make(true);
    for (const payload of [
      { name: 'A' },
      { name: 'Andi', extra: 1 },
      { count: 2 },
      'nope',
      { name: 'Andi' },
    ]) {
      const expected = await eager.inject({ method: 'POST', url: '/b', payload });
      const actual = await app.inject({ method: 'POST', url: '/b', payload });
      expect(actual.statusCode).toBe(expected.statusCode);
      expect(actual.body).toBe(expected.body);
    }
  });

  it('refuses a header schema with a name not in lowercase', async () => {
    const { app } = make(true);
    app.get(
      '/h',
      { schema: { headers: { type: 'object', properties: { 'X-Key': { type: 'string' } } } } },
      async () => 'ok',
    );
    await expect(app.ready()).rejects.toThrow(/X-Key.*lowercase/);
  });
});
