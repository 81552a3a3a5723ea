// The one contract every output format implements: `render(report)` turns a Report into the exact text to
// write. Reporters are pure (no I/O, no clock); the registry in registry.ts finds them by name.
import type { Report } from './finding.js';

export interface RenderOptions {
  /** ANSI colours for terminals (table only); off unless asked for, e.g. when stdout is a TTY. */
  readonly color?: boolean;
  /** SARIF `tool.driver.informationUri`; defaults to PORTCULLIS_INFORMATION_URI. */
  readonly informationUri?: string;
}

export interface Reporter {
  /** The name users pass to `--format`. */
  readonly format: string;
  /** One line for `--help`. */
  readonly description: string;
  /** Usual file extension, without the dot. */
  readonly extension: string;
  readonly mediaType: string;
  render(report: Report, options?: RenderOptions): string;
}

/** Where SARIF consumers link the tool name to. */
export const PORTCULLIS_INFORMATION_URI = 'https://github.com/portcullis/portcullis';
