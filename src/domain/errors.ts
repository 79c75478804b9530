// Why a command or a request was refused: a code from the one catalogue (src/protocol/errors.ts) and a plain message.
import { type ErrorCode, type ErrorCodeOf, type ErrorKind, errorKind } from '../protocol/errors.ts';
import type { Fault } from './sop/condition-shape.ts';

export class DomainError extends Error {
  /** Stable code the consoles translate, e.g. `unit.not_available`; its HTTP status is in the catalogue. */
  readonly code: ErrorCode;
  /** The input field at fault, as a path like `location.desa`, when one is. */
  readonly field: string | null;
  /** Every fault of an SOP document refused as `sop.invalid`. */
  readonly faults: Fault[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    field: string | null = null,
    options: { cause?: unknown; faults?: Fault[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.field = field;
    this.faults = options.faults;
  }

  get kind(): ErrorKind {
    return errorKind(this.code);
  }
}

export const invalid = (code: ErrorCodeOf<'invalid'>, message: string, field: string) =>
  new DomainError(code, message, field);
export const conflict = (code: ErrorCodeOf<'conflict'>, message: string) => new DomainError(code, message);
export const forbidden = (code: ErrorCodeOf<'forbidden'>, message: string) => new DomainError(code, message);
export const notFound = (code: ErrorCodeOf<'not_found'>, message: string, field: string | null = null) =>
  new DomainError(code, message, field);
