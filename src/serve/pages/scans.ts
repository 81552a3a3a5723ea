// Scan results: the latest finished scan, what changed since the previous one (new, gone, changed state),
// and the scan history.
import type { HostScan, ScanView } from '../data.js';
import { badge, h, raw, table, when, type Html } from '../html.js';

/** The engine version a scan result carries (scanner writes `engine.version`; older shapes `version`). */
export function engineVersion(data: Record<string, unknown>): string {
  const engine = data['engine'] as { version?: unknown } | undefined;
  return String(engine?.version ?? data['version'] ?? '');
}

function detail(data: Record<string, unknown>): Html {
  const parts = [data['transport'], engineVersion(data) && `Docker ${engineVersion(data)}`, data['ruleId']].filter(Boolean).map(String);
  return h`${String(data['reason'] ?? '')}${parts.length ? h`<br><span class="sub">${parts.join(' · ')}</span>` : ''}
<details><summary>raw</summary><code>${JSON.stringify(data)}</code></details>`;
}

function summary(s: Record<string, unknown> | undefined): string {
  if (!s) return '';
  return Object.entries(s).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${String(v)}`).join(' · ');
}

function hostScan(v: HostScan, first: boolean): Html {
  const changed = v.changes.filter((c) => c.kind !== 'same');
  const id = (name: string): Html => raw(first ? ` id="${name}"` : '');
  return h`<p class="sub">Latest scan ${v.run.id} of ${v.run.target ?? ''} from ${v.run.host}, finished ${when(v.run.finishedAt)}${v.previousRun ? `; compared with ${v.previousRun.id} (${when(v.previousRun.finishedAt)}) from the same host` : '; no previous scan from this host to compare with'}.</p>
<h2>What changed since the previous scan</h2>
<div${id('scan-changes')}>${table(['Endpoint', 'Change', 'Before', 'Now'], changed.map((c) => h`<tr><td>${c.host}:${c.port}</td><td>${badge(c.kind)}</td><td>${c.before ?? '—'}</td><td>${c.after ?? '—'}</td></tr>`), 'Nothing changed since the previous scan.')}</div>
<h2>Results</h2>
<div${id('scan-results')}>${table(['Endpoint', 'State', 'Details'], v.results.map((r) => h`<tr><td>${r.host}:${r.port}</td><td>${badge(r.state)}</td><td>${detail(r.data)}</td></tr>`))}</div>`;
}

export function scansPage(v: ScanView): Html {
  const [first, ...others] = v.hosts;
  if (!first) return h`<p class="empty">No finished scan in the store yet. Run <code>portcullis scan</code>.</p>`;
  return h`${hostScan(first, true)}
${others.map((o) => h`<section class="run scan-host"><h2>Scanning host ${o.run.host}</h2>${hostScan(o, false)}</section>`)}
<h2>History</h2>
${table(['Run', 'Started', 'Finished', 'Host', 'Target', 'Summary'], v.history.map((r) => h`<tr><td>${r.id}</td><td>${when(r.startedAt)}</td><td>${when(r.finishedAt)}</td><td>${r.host}</td><td>${r.target ?? ''}</td><td>${summary(r.summary)}</td></tr>`))}`;
}
