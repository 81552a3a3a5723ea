// The scan's own output formats: a JSON document `{results, summary}`, JSON lines streamed as results arrive,
// CSV and a terminal table; SARIF goes through the findings model and the core's SARIF reporter.
import type { ScanResult, ScanSummary } from '../types.js';
import { renderTable } from '../../core/report/render-table.js';
import { endpointName } from './findings.js';

export const SCAN_FORMATS = ['table', 'json', 'jsonl', 'csv', 'sarif'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

export function jsonDocument(results: readonly ScanResult[], summary: ScanSummary): string {
  return `${jsonOpen()}${results.map((r, i) => jsonItem(r, i === 0)).join('')}${jsonClose(summary)}`;
}

/** The JSON document, streamed: `jsonOpen()`, one `jsonItem()` per result as it arrives, `jsonClose(summary)`. */
export function jsonOpen(): string {
  return '{"results":[';
}

export function jsonItem(r: ScanResult, first: boolean): string {
  return `${first ? '\n' : ',\n'}${JSON.stringify(r)}`;
}

export function jsonClose(summary: ScanSummary): string {
  return `\n],\n"summary":${JSON.stringify(summary)}}\n`;
}

/** One result per line; the last line is `{"summary":{...}}`. */
export function jsonLine(r: ScanResult): string {
  return `${JSON.stringify(r)}\n`;
}

export function jsonSummaryLine(summary: ScanSummary): string {
  return `${JSON.stringify({ summary })}\n`;
}

export const CSV_COLUMNS = ['host', 'port', 'state', 'reason', 'transport', 'tls_version', 'client_cert_required', 'product',
  'engine_version', 'api_version', 'os', 'arch', 'refused_by', 'rule_id', 'compromise_signs', 'duration_ms'] as const;

function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  // Cells starting with = + - @ are formulas in spreadsheets; banners are attacker-controlled.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(r: ScanResult): string {
  const cells = [r.host, r.port, r.state, r.reason, r.transport, r.tls?.version, r.tls ? r.tls.clientCertRequired : undefined,
    r.engine?.product, r.engine?.version, r.engine?.apiVersion, r.engine?.os, r.engine?.arch, r.refusal?.by, r.ruleId,
    r.deep ? r.deep.compromise.length : undefined, r.durationMs];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A table for terminals (the core's renderTable escapes control characters from untrusted cells). */
export function table(results: readonly ScanResult[], summary: ScanSummary): string {
  const rows = [...results].sort((a, b) => rank(a.state) - rank(b.state) || endpointName(a).localeCompare(endpointName(b)))
    .map((r) => {
      const engine = r.engine ? `${r.engine.product} ${r.engine.version ?? ''} (API ${r.engine.apiVersion ?? '?'})` : '';
      const tls = r.transport === 'tls' ? `TLS ${r.tls?.version ?? ''}${r.tls?.clientCertRequired ? ' mTLS' : ''}`.trim() : r.transport ?? '';
      const deep = r.deep ? ` [deep: ${r.deep.containers} containers, ${r.deep.compromise.length} signs of compromise]` : '';
      return [endpointName(r), r.state, tls, engine, `${r.reason}${deep}`];
    });
  const lines = [rows.length ? renderTable([{ header: 'ENDPOINT' }, { header: 'STATE' }, { header: 'TRANSPORT' },
    { header: 'ENGINE', maxWidth: 40 }, { header: 'WHY', maxWidth: 160 }], rows).trimEnd() : 'no endpoint to report'];
  const counts = Object.entries(summary.byState).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ');
  lines.push('', `${summary.endpoints} endpoints in ${(summary.durationMs / 1000).toFixed(1)} s: ${counts || 'none'}${summary.interrupted ? ' (interrupted)' : ''}`);
  const c = summary.changes;
  if (c) lines.push(`since the previous scan: ${c.new.length} new, ${c.gone.length} gone, ${c.changed.length} changed`);
  return `${lines.join('\n')}\n`;
}

function rank(s: string): number {
  return ['exposed', 'protected', 'unresponsive', 'error', 'not-docker', 'filtered', 'closed'].indexOf(s);
}
