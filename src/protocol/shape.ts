// Helpers of the wire schemas: a nullable schema, and a tsc check that a schema and the domain type it carries agree.
import { type TSchema, Type } from 'typebox';

export const strict = { additionalProperties: false } as const;
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when the schema's static type and the domain type are the same. */
export function sameShape<A, B>(_same: Same<A, B>): void {}
