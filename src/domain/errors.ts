// Why the domain refused a command: a kind the transport maps to a status, a stable code and a plain message.

export type ErrorKind = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export class DomainError extends Error {
  readonly kind: ErrorKind;
  /** Stable code the consoles translate, e.g. `unit.not_available`. */
  readonly code: string;
  /** The input field at fault, as a path like `location.desa`, when one is. */
  readonly field: string | null;

  constructor(kind: ErrorKind, code: string, message: string, field: string | null = null) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.field = field;
  }
}

export const invalid = (code: string, message: string, field: string) =>
  new DomainError('invalid', code, message, field);
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
export const forbidden = (code: string, message: string) => new DomainError('forbidden', code, message);
export const notFound = (code: string, message: string, field: string | null = null) =>
  new DomainError('not_found', code, message, field);
