// The body of every error answer as a schema (the server's routes declare it; /docs shows it). Apart from the
// catalogue (errors.ts), which the consoles load for its words without the schema library.
import { type Static, Type } from 'typebox';
import { ERRORS, type ErrorCode, KIND_OF_STATUS } from './errors.ts';

const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];
const ERROR_KINDS = [...new Set(Object.values(KIND_OF_STATUS))];

/** One fault of an SOP document that cannot be saved or published (`sop.invalid`). */
const SopFault = Type.Object({ path: Type.String(), code: Type.String(), message: Type.String() });

/** The body of every error answer. `message` is for logs and developers; consoles show `error.<code>`. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object(
      {
        kind: Type.Enum(ERROR_KINDS),
        code: Type.Enum(ERROR_CODES),
        message: Type.String(),
        field: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    faults: Type.Optional(Type.Array(SopFault)),
  },
  { additionalProperties: false },
);
export type ErrorBody = Static<typeof ErrorBody>;
