// Output formats by name: front ends look up `--format` here, so adding a format is one file plus one line.
import { PortcullisError } from '../errors/index.js';
import type { Report } from './finding.js';
import { csvReporter } from './csv.js';
import { jsonReporter } from './json.js';
import { jsonlReporter } from './jsonl.js';
import { junitReporter } from './junit.js';
import type { RenderOptions, Reporter } from './reporter.js';
import { sarifReporter } from './sarif.js';
import { tableReporter } from './table.js';

export const REPORTERS: ReadonlyMap<string, Reporter> = new Map(
  [tableReporter, jsonReporter, jsonlReporter, sarifReporter, junitReporter, csvReporter].map((r) => [r.format, r]),
);

/** Every registered format name, in registry order. */
export function reportFormats(): string[] {
  return [...REPORTERS.keys()];
}

/**
 * The reporter for `format`, optionally restricted to the formats a command supports.
 * Throws PCL_ERR_REPORT_FORMAT naming the valid choices.
 * @example getReporter(opts.format, ['table', 'json', 'sarif']).render(report)
 */
export function getReporter(format: string, allowed: readonly string[] = reportFormats()): Reporter {
  const r = REPORTERS.get(format.toLowerCase());
  if (!r || !allowed.includes(r.format)) {
    throw new PortcullisError('PCL_ERR_REPORT_FORMAT',
      `unknown output format "${format}": use one of ${allowed.join(', ')}`, { details: { format, allowed } });
  }
  return r;
}

/** Render `report` in `format` (see getReporter). */
export function renderReport(report: Report, format: string, options?: RenderOptions): string {
  return getReporter(format).render(report, options);
}
