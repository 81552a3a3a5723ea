// CSV export of a trap session's indicators (spreadsheet-safe). STIX 2.1 and MISP come from src/core/intel,
// shared with `portcullis trap report`.
import type { Indicator } from './data.js';

/** One CSV cell: quoted, and neutralised when a spreadsheet would read it as a formula (attacker-controlled text). */
export function csvCell(v: string): string {
  // Leading blanks do not stop a spreadsheet from reading a formula, nor do full-width signs in some locales.
  const safe = /^[\s\u00a0\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(indicators: readonly Indicator[]): string {
  const rows = [['type', 'value', 'first_seen', 'session', 'src_ip', 'decoded']];
  for (const i of indicators) rows.push([i.type, i.value, i.firstSeen, i.session, i.srcIp, String(i.decoded)]);
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
