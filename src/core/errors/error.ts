// One error type for the whole product: every failure carries a catalogued PCL_ERR_* code, a message that
// says what to do, and the cause when it wraps another error. Code matches on `err.code`, never on text.
import { ERROR_CODES, type ErrorCode } from './codes.js';

export class PortcullisError extends Error {
  readonly code: ErrorCode;
  /** Extra structured context (never secrets). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PortcullisError';
    this.code = code;
    this.details = options.details;
  }

  /** What the catalogue says this code means. */
  get description(): string {
    return ERROR_CODES[this.code].description;
  }
}

export function isPortcullisError(e: unknown): e is PortcullisError {
  return e instanceof PortcullisError;
}
