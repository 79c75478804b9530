// Route schemas compiled on their route's first request instead of all at start-up (about a second of start).
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

/** A compiled validator as Fastify calls it (Ajv's shape: `errors` after a failed call). */
interface Validator {
  (data: unknown, context?: unknown): unknown;
  errors?: unknown;
  schemaEnv?: unknown;
}
type Serializer = (data: unknown) => string;
interface RouteSchema {
  schema: unknown;
  url?: string;
  method?: string;
  httpPart?: string;
}
type Factory<F> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => F;

/** The compilers Fastify itself would use (its own dependencies, resolved from where Fastify is installed). */
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const ajvCompilers = fromFastify('@fastify/ajv-compiler') as () => Factory<Validator>;
const jsonCompilers = fromFastify('@fastify/fast-json-stringify-compiler') as () => Factory<Serializer>;

/** Header names reach the validator lowercased; a custom compiler gets the schema as written, so it must be too. */
function checkHeaderNames(route: RouteSchema): void {
  if (route.httpPart !== 'headers') return;
  const names = Object.keys((route.schema as { properties?: object }).properties ?? {});
  const upper = names.find((name) => name !== name.toLowerCase());
  if (upper) throw new Error(`${route.method} ${route.url}: header "${upper}" must be written in lowercase`);
}

export interface LazySchemas {
  /** For Fastify's `schemaController` option. */
  compilersFactory: NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'];
  /** Compiles every schema not compiled yet (a test proves that all of them compile); how many it compiled. */
  compileAll(): number;
}

export function lazySchemas(): LazySchemas {
  const pending = new Set<() => void>();
  const defaultValidators = ajvCompilers();
  const defaultSerializers = jsonCompilers();
  const buildValidator: Factory<Validator> = (externalSchemas, options) => {
    const compile = defaultValidators(externalSchemas, options);
    return (route) => {
      checkHeaderNames(route);
      let compiled: Validator | null = null;
      const ensure = () => {
        compiled ??= compile(route);
        pending.delete(ensure);
        return compiled;
      };
      pending.add(ensure);
      const validator: Validator = (data, context) => {
        const validate = ensure();
        const result = validate(data, context);
        validator.errors = validate.errors;
        return result;
      };
      // Fastify passes the parent object (for Ajv's defaults on the root value) only to functions with schemaEnv.
      validator.schemaEnv = true;
      return validator;
    };
  };
  const buildSerializer: Factory<Serializer> = (externalSchemas, options) => {
    const compile = defaultSerializers(externalSchemas, options);
    return (route) => {
      let compiled: Serializer | null = null;
      const ensure = () => {
        compiled ??= compile(route);
        pending.delete(ensure);
        return compiled;
      };
      pending.add(ensure);
      return (data) => ensure()(data);
    };
  };
  return {
    // Fastify types these with Ajv's own function types; the wrappers have the shape Fastify calls.
    compilersFactory: { buildValidator, buildSerializer } as unknown as LazySchemas['compilersFactory'],
    compileAll() {
      const count = pending.size;
      for (const ensure of [...pending]) ensure();
      return count;
    },
  };
}
