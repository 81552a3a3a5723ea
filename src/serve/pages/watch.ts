// Watch alerts: what the watcher saw in which container, the evidence, and the response it took.
import type { PortcullisEvent } from '../../core/events/index.js';
import { badge, containerLabel, h, table, when, type Html } from '../html.js';

interface Ev { kind?: string; location?: string; value?: string }

export function watchPage(alerts: readonly PortcullisEvent[]): Html {
  // In a fleet many watchers write to one store: the sensor (the watching host) and its engine say which one saw it.
  return table(['Time', 'Host', 'Severity', 'Rule', 'Alert', 'Container', 'Evidence', 'Response', 'Remediation'], alerts.map((a) => {
    const ev = Array.isArray(a['evidence']) ? (a['evidence'] as Ev[]) : [];
    const resp = (a['response'] ?? {}) as { action?: string; done?: boolean; dryRun?: boolean; detail?: string };
    return h`<tr><td>${when(a.timestamp)}</td><td class="host">${String(a['sensor'] ?? a['host'] ?? '')}${a['docker_host'] ? h`<br><span class="sub">${String(a['docker_host'])}</span>` : ''}</td><td>${badge(String(a['severity'] ?? ''))}</td><td>${String(a['rule'] ?? '')}</td>
<td><strong>${String(a['title'] ?? '')}</strong><br>${String(a['message'] ?? '')}</td><td>${containerLabel(a['container'])}</td>
<td>${ev.map((e) => h`<div><code>${e.location ?? ''}</code>${e.value ? h` = <code>${e.value}</code>` : ''}</div>`)}</td>
<td>${resp.action ?? ''}${resp.dryRun ? ' (dry run)' : ''}${resp.done === false ? ' — failed' : ''}<br><span class="sub">${resp.detail ?? ''}</span></td>
<td class="remediation">${String(a['remediation'] ?? '')}</td></tr>`;
  }), 'No watch alert recorded. Run portcullis watch.');
}
