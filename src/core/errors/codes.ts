// The error-code catalogue: every PCL_ERR_* code, merged from one list per area so each front end owns
// its own file. docs/ERRORS.md lists the same codes; test/conformance/error-codes.test.ts ties them.
import { CORE_ERRORS } from './codes/core.js';
import { SCAN_ERRORS } from './codes/scan.js';
import { AUDIT_ERRORS } from './codes/audit.js';
import { GUARD_ERRORS } from './codes/guard.js';
import { WATCH_ERRORS } from './codes/watch.js';
import { TRAP_ERRORS } from './codes/trap.js';
import { SERVE_ERRORS } from './codes/serve.js';

export interface ErrorCodeInfo {
  readonly description: string;
  /** Process exit code the CLI uses when this error ends a command (default 2). */
  readonly exit?: number;
}

export const ERROR_CODES = {
  ...CORE_ERRORS,
  ...SCAN_ERRORS,
  ...AUDIT_ERRORS,
  ...GUARD_ERRORS,
  ...WATCH_ERRORS,
  ...TRAP_ERRORS,
  ...SERVE_ERRORS,
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
