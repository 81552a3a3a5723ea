// Process exit codes, decided in one place for every subcommand and documented in docs/CLI.md.
import { ERROR_CODES } from '../core/errors/index.js';
import type { PortcullisError } from '../core/errors/index.js';

export const EXIT = {
  /** Ran and found nothing at or above the threshold. */
  ok: 0,
  /** Ran and found something at or above the threshold (exposed endpoint, finding >= --fail-on, alert). */
  found: 1,
  /** Bad usage, bad config, or the run could not be completed (error). */
  usage: 2,
  error: 2,
  /** Interrupted (Ctrl-C) after flushing partial results. */
  interrupted: 130,
  /** Bug. */
  internal: 70,
} as const;

export function exitCodeFor(err: PortcullisError): number {
  const info = ERROR_CODES[err.code] as { exit?: number };
  return info.exit ?? EXIT.error;
}
