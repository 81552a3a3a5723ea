// Trap sessions: the list, and one session as a timeline of what the attacker did, with the extracted
// indicators and export buttons (STIX 2.1, MISP, CSV).
import type { PortcullisEvent } from '../../core/events/index.js';
import type { Indicator, TrapSessionSummary } from '../data.js';
import { badge, h, table, when, type Html } from '../html.js';

export function trapListPage(sessions: readonly TrapSessionSummary[]): Html {
  return table(['Opened', 'Closed', 'Source', 'Sensor', 'Events', 'Commands', 'Indicators', ''], sessions.map((s) => h`<tr>
<td>${when(s.openedAt)}</td><td>${when(s.closedAt) || 'open'}</td><td>${s.srcIp}</td><td>${s.sensor}</td><td>${s.events}</td><td>${s.commands}</td>
<td>${s.indicators}</td><td><a class="open-session" href="/trap/${encodeURIComponent(s.session)}">timeline</a></td></tr>`), 'No trap session recorded. Run portcullis trap.');
}

const SKIP = new Set(['eventid', 'timestamp', 'source', 'session', 'src_ip', 'src_port', 'dst_port', 'sensor']);

function what(e: PortcullisEvent): string {
  const s = (k: string): string => (e[k] === undefined ? '' : typeof e[k] === 'string' ? (e[k] as string) : JSON.stringify(e[k]));
  switch (e.eventid) {
    case 'trap.request.received': return `${s('method')} ${s('path')}`;
    case 'trap.image.pull_attempted': return `pull ${s('image')}`;
    case 'trap.container.create_attempted': return `create container from ${s('image')} binds=${s('binds')} privileged=${s('privileged')}`;
    case 'trap.exec.create_attempted': return `exec ${s('cmd')} in ${s('container_name') || s('container')}`;
    case 'trap.command.observed': return s('command');
    case 'trap.indicator.extracted': return `${s('type')}: ${s('value')}`;
    case 'trap.archive.uploaded': return `upload ${s('path')} (${s('size')} bytes)`;
    default: return Object.entries(e).filter(([k]) => !SKIP.has(k)).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  }
}

export function trapSessionPage(session: string, events: readonly PortcullisEvent[], indicators: readonly Indicator[]): Html {
  const first = events[0];
  const base = `/trap/${encodeURIComponent(session)}/indicators`;
  return h`<p class="sub">Session ${session} from ${String(first?.['src_ip'] ?? '?')} on sensor ${String(first?.['sensor'] ?? '?')}, ${events.length} event(s).</p>
<h2>Indicators</h2>
<p class="exports"><a class="button" id="export-stix" href="${base}.stix.json" download>Export STIX 2.1</a>
<a class="button" id="export-misp" href="${base}.misp.json" download>Export MISP</a>
<a class="button" id="export-csv" href="${base}.csv" download>Export CSV</a></p>
<div id="indicators">${table(['Type', 'Value', 'First seen', 'Decoded'], indicators.map((i) => h`<tr><td>${badge(i.type, 'ind')}</td><td><code>${i.value}</code></td><td>${when(i.firstSeen)}</td><td>${i.decoded ? 'yes' : ''}</td></tr>`), 'No indicator extracted.')}</div>
<h2>Timeline</h2>
<ol class="timeline" id="timeline">${events.map((e) => h`<li class="t-${e.eventid.split('.')[1] ?? ''}"><time>${when(e.timestamp)}</time> ${badge(e.eventid.replace(/^trap\./, ''), 'ev')} <span class="what">${what(e)}</span></li>`)}</ol>`;
}
