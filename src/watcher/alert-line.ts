// The human-readable alert line shown on a terminal (JSON lines go to stdout/file when not a TTY).
import type { PortcullisEvent } from '../core/events/index.js';

const COLOURS: Record<string, string> = { critical: '\x1b[41;97m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[37m' };

/** One line: time, severity, rule, container, title, first evidence, response. */
export function formatAlertLine(e: PortcullisEvent, colour: boolean): string {
  const sev = String(e.severity ?? '');
  const c = (e.container ?? {}) as { name?: string; id?: string; image?: string };
  const ev = Array.isArray(e.evidence) && e.evidence[0] ? (e.evidence[0] as { location?: string; value?: string }) : undefined;
  const evidence = ev ? ` [${ev.location ?? ''}${ev.value ? `: ${String(ev.value).slice(0, 120)}` : ''}]` : '';
  const resp = e.response as { action?: string; done?: boolean; dryRun?: boolean } | undefined;
  const response = resp && resp.action !== 'alert' ? ` -> ${resp.dryRun ? 'would ' : ''}${resp.action}${resp.done || resp.dryRun ? '' : ' (FAILED)'}` : '';
  const sevText = colour ? `${COLOURS[sev] ?? ''}${sev.toUpperCase()}\x1b[0m` : sev.toUpperCase();
  return `${e.timestamp} ${sevText} ${String(e.rule)} ${c.name ?? c.id?.slice(0, 12) ?? '?'} (${c.image ?? '?'}): ${String(e.title)}${evidence}${response}`;
}
