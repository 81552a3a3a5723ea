// The guard audit log: every decision with filters (subject, host, route, verdict, rule, time) and, for each
// denial, the rule and the reason the guard gave.
import type { GuardAuditQuery, GuardAuditRecord } from '../../core/store/index.js';
import { bucketGuard } from '../data.js';
import { badge, h, raw, table, when, type Html } from '../html.js';
import { stackedBars } from '../svg.js';

function field(name: string, label: string, value: string | undefined, placeholder = ''): Html {
  return h`<label>${label} <input name="${name}" value="${value ?? ''}" placeholder="${placeholder}"></label>`;
}

/** Newer/older links: the same filters, one page of `limit` further or back. */
function pager(q: GuardAuditQuery, count: number): Html {
  const limit = q.limit ?? 200;
  const offset = q.offset ?? 0;
  const link = (o: number): string => `/guard?${new URLSearchParams(Object.entries({ subject: q.subject, host: q.host, verdict: q.verdict, route: q.routeId,
    rule: q.ruleId, since: q.since, until: q.until, order: q.order === 'asc' ? 'asc' : undefined, limit: q.limit === 200 ? undefined : String(limit),
    offset: o > 0 ? String(o) : undefined }).filter(([, v]) => v) as [string, string][]).toString()}`;
  return h`<p class="pager">${offset > 0 ? h`<a id="page-prev" href="${link(Math.max(0, offset - limit))}">&larr; previous</a> ` : ''}${count >= limit ? h`<a id="page-next" href="${link(offset + limit)}">next &rarr;</a>` : ''}</p>`;
}

export function guardPage(q: GuardAuditQuery, rows: readonly GuardAuditRecord[], problems: readonly string[] = []): Html {
  const b = bucketGuard(rows);
  const sel = (v: string): Html => raw(q.verdict === v ? ' selected' : '');
  return h`<form method="get" action="/guard" class="filters" id="guard-filters">
${field('subject', 'Subject', q.subject)}${field('host', 'Host', q.host)}${field('route', 'Route', q.routeId, 'container.create')}
<label>Verdict <select name="verdict"><option value="">any</option><option value="allow"${sel('allow')}>allow</option><option value="deny"${sel('deny')}>deny</option></select></label>
${field('rule', 'Rule', q.ruleId, 'PCL-...')}${field('since', 'Since', q.since, '2026-11-01T00:00:00Z')}${field('until', 'Until', q.until)}
<button type="submit">Filter</button> <a href="/guard">reset</a>
<a class="json" href="/api/guard?${new URLSearchParams(Object.entries({ subject: q.subject, host: q.host, verdict: q.verdict, route: q.routeId, rule: q.ruleId, since: q.since, until: q.until }).filter(([, v]) => v) as [string, string][]).toString()}">JSON</a></form>
${problems.length ? h`<p class="error" role="alert" id="filter-error">${problems.join('; ')}</p>` : ''}
<p class="sub" id="guard-count">${rows.length} decision(s) shown (newest first) · ${b.totals.allow} allowed · ${b.totals.deny} denied</p>
${raw(stackedBars('Decisions in this selection', b.labels, [
    { label: 'allowed', color: '#2b8a3e', values: b.allow }, { label: 'denied', color: '#c92a2a', values: b.deny }]))}
${table(['Time', 'Host', 'Subject', 'Source', 'Request', 'Route', 'Verdict', 'Rule', 'Reason', 'Status'], rows.map((r) => h`<tr class="v-${r.verdict}">
<td>${when(r.time)}</td><td>${r.host ?? ''}</td><td>${r.subject}</td><td>${r.source}</td><td><code>${r.method} ${r.path}</code></td><td>${r.routeId}</td>
<td>${badge(r.verdict)}</td><td>${r.ruleId ?? ''}</td><td class="reason">${r.reason ?? ''}</td><td>${r.status ?? ''}</td></tr>`), 'No decision matches these filters.')}
${pager(q, rows.length)}`;
}
