// The overview page: exposed endpoints from the latest scan, audit findings by severity, guard decisions
// over time, the latest watch alerts and trap sessions, each linking to its own page.
import { badge, containerLabel, h, raw, table, when, type Html } from '../html.js';
import type { Overview } from '../data.js';
import { hbars, SEVERITY_COLORS, stackedBars } from '../svg.js';
import { engineVersion } from './scans.js';

export function overviewPage(o: Overview): Html {
  const sev = Object.entries(o.bySeverity).map(([label, value]) => ({ label, value, color: SEVERITY_COLORS[label] ?? '#888' }));
  return h`<div class="cards">
<section class="card" id="exposed"><h2><a href="/scans">Exposed endpoints</a></h2>
<p class="big">${o.exposed.length}</p><p class="sub">${o.scanRun ? `latest scan ${when(o.scanRun.finishedAt)} from ${o.scanRun.host}` : 'no scan yet'}</p>
${table(['Endpoint', 'Version'], o.exposed.slice(0, 8).map((r) => h`<tr><td>${r.host}:${r.port}</td><td>${engineVersion(r.data)}</td></tr>`), 'No exposed endpoint in the latest scan.')}</section>
<section class="card" id="severity"><h2><a href="/audit">Audit findings by severity</a></h2>${raw(hbars('Audit findings by severity', sev))}</section>
<section class="card wide" id="guard-chart"><h2><a href="/guard">Guard decisions over time</a></h2>
<p class="sub">${o.guard.totals.allow} allowed · ${o.guard.totals.deny} denied</p>
${raw(stackedBars('Guard allows and denials over time', o.guard.labels, [
    { label: 'allowed', color: '#2b8a3e', values: o.guard.allow }, { label: 'denied', color: '#c92a2a', values: o.guard.deny }]))}</section>
<section class="card" id="alerts"><h2><a href="/watch">Watch alerts</a></h2>
${table(['Time', 'Severity', 'Alert', 'Container'], o.alerts.map((a) => h`<tr><td>${when(a.timestamp)}</td><td>${badge(String(a['severity'] ?? ''))}</td><td>${String(a['title'] ?? a['rule'] ?? '')}</td><td>${containerLabel(a['container'])}</td></tr>`), 'No watch alert.')}</section>
<section class="card" id="sessions"><h2><a href="/trap">Trap sessions</a></h2>
${table(['Opened', 'Source', 'Commands', 'Indicators'], o.sessions.map((s) => h`<tr><td><a href="/trap/${encodeURIComponent(s.session)}">${when(s.openedAt)}</a></td><td>${s.srcIp}</td><td>${s.commands}</td><td>${s.indicators}</td></tr>`), 'No trap session.')}</section>
</div>`;
}
