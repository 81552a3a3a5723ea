// `portcullis trap report`: folds recorded trap events (file or store) into sessions and indicators, the
// input of the text/JSON report and of the STIX 2.1 and MISP exports. Pure: events in, summary out.
import type { PortcullisEvent } from '../events/index.js';

export interface IndicatorSummary {
  readonly type: string;
  readonly value: string;
  readonly kind?: string;
  count: number;
  readonly sessions: string[];
  readonly srcIps: string[];
  firstSeen: string;
  lastSeen: string;
  decoded: boolean;
}

export interface SessionSummary {
  readonly session: string;
  readonly srcIp: string;
  readonly sensor: string;
  readonly openedAt: string;
  closedAt?: string;
  requests: number;
  readonly routes: Record<string, number>;
  readonly images: string[];
  containersCreated: number;
  execs: number;
  uploads: number;
  readonly commands: string[];
  indicators: number;
  privileged: boolean;
  readonly binds: string[];
}

export interface TrapSummary {
  readonly sensor: string;
  readonly from?: string;
  readonly to?: string;
  readonly sessions: SessionSummary[];
  readonly indicators: IndicatorSummary[];
  readonly totals: { sessions: number; requests: number; indicators: number; commands: number; srcIps: number };
}

const MAX_COMMANDS_SHOWN = 50;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/**
 * Summarise trap events (any order; non-trap events are ignored).
 * @example const s = summariseTrapEvents(events); s.indicators.filter((i) => i.type === 'wallet');
 */
export function summariseTrapEvents(events: readonly PortcullisEvent[]): TrapSummary {
  const sessions = new Map<string, SessionSummary>();
  const indicators = new Map<string, IndicatorSummary>();
  let requests = 0;
  let commands = 0;
  let from: string | undefined;
  let to: string | undefined;
  let sensor = '';
  const sorted = [...events].filter((e) => e.eventid.startsWith('trap.')).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  for (const e of sorted) {
    const id = str(e.session);
    sensor ||= str(e.sensor);
    from ??= e.timestamp;
    to = e.timestamp;
    let s = sessions.get(id);
    if (!s) {
      s = { session: id, srcIp: str(e.src_ip), sensor: str(e.sensor), openedAt: e.timestamp, requests: 0, routes: {}, images: [],
        containersCreated: 0, execs: 0, uploads: 0, commands: [], indicators: 0, privileged: false, binds: [] };
      sessions.set(id, s);
    }
    switch (e.eventid) {
      case 'trap.session.closed': s.closedAt = e.timestamp; break;
      case 'trap.request.received': {
        requests++;
        s.requests++;
        const r = str(e.route) || (e.malformed ? 'malformed' : 'unrouted');
        s.routes[r] = (s.routes[r] ?? 0) + 1;
        break;
      }
      case 'trap.image.pull_attempted': if (!s.images.includes(str(e.image))) s.images.push(str(e.image)); break;
      case 'trap.container.create_attempted':
        if (e.outcome === 'created') s.containersCreated++;
        if (e.privileged === true) s.privileged = true;
        for (const b of Array.isArray(e.binds) ? e.binds : []) if (!s.binds.includes(str(b))) s.binds.push(str(b));
        break;
      case 'trap.exec.create_attempted': s.execs++; break;
      case 'trap.archive.uploaded': s.uploads++; break;
      case 'trap.command.observed':
        commands++;
        if (s.commands.length < MAX_COMMANDS_SHOWN && !s.commands.includes(str(e.command))) s.commands.push(str(e.command));
        break;
      case 'trap.indicator.extracted': {
        s.indicators++;
        const key = `${str(e.type)}\u0000${str(e.value)}`;
        let i = indicators.get(key);
        if (!i) {
          i = { type: str(e.type), value: str(e.value), ...(e.kind ? { kind: str(e.kind) } : {}), count: 0, sessions: [], srcIps: [],
            firstSeen: e.timestamp, lastSeen: e.timestamp, decoded: false };
          indicators.set(key, i);
        }
        i.count++;
        i.lastSeen = e.timestamp;
        if (e.decoded === true) i.decoded = true;
        if (!i.sessions.includes(id)) i.sessions.push(id);
        if (!i.srcIps.includes(s.srcIp)) i.srcIps.push(s.srcIp);
        break;
      }
      default: break;
    }
  }
  const list = [...sessions.values()];
  const inds = [...indicators.values()].sort((a, b) => a.type.localeCompare(b.type) || a.value.localeCompare(b.value));
  return {
    sensor, ...(from ? { from } : {}), ...(to ? { to } : {}), sessions: list, indicators: inds,
    totals: { sessions: list.length, requests, indicators: inds.length, commands, srcIps: new Set(list.map((s) => s.srcIp)).size },
  };
}

/** Human-readable report. */
export function renderTrapText(s: TrapSummary): string {
  const lines: string[] = [];
  lines.push(`portcullis trap report — sensor ${s.sensor || '(unknown)'}${s.from ? `, ${s.from} .. ${s.to ?? ''}` : ''}`);
  lines.push(`${s.totals.sessions} sessions from ${s.totals.srcIps} addresses, ${s.totals.requests} requests, ${s.totals.commands} commands, ${s.totals.indicators} indicators`);
  lines.push('');
  for (const x of s.sessions) {
    lines.push(`session ${x.session}  ${x.srcIp}  ${x.openedAt}${x.closedAt ? ` .. ${x.closedAt}` : ''}  requests=${x.requests}`
      + ` created=${x.containersCreated} execs=${x.execs} uploads=${x.uploads}${x.privileged ? ' PRIVILEGED' : ''}`);
    if (x.images.length) lines.push(`  images: ${x.images.join(', ')}`);
    if (x.binds.length) lines.push(`  binds: ${x.binds.join(', ')}`);
    for (const c of x.commands.slice(0, 10)) lines.push(`  $ ${c.slice(0, 160)}`);
  }
  if (s.indicators.length) {
    lines.push('', 'indicators:');
    for (const i of s.indicators) lines.push(`  ${i.type.padEnd(7)} ${i.value}${i.decoded ? '  (decoded)' : ''}  x${i.count} in ${i.sessions.length} session(s)`);
  }
  return `${lines.join('\n')}\n`;
}
