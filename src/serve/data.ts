// Read models for the console: what each page and API route shows, computed from the Store interface only
// (so it works the same over the SQLite file and fleet PostgreSQL).
import type { PortcullisEvent } from '../core/events/index.js';
import type { Finding } from '../core/report/finding.js';
import { SEVERITIES, severityRank } from '../core/report/finding.js';
import { offsetOf, parseTime } from './filters.js';
import type { GuardAuditQuery, GuardAuditRecord, RunRecord, ScanResultRecord, Store } from '../core/store/index.js';

export interface ScanChange {
  readonly host: string; readonly port: number;
  readonly kind: 'new' | 'gone' | 'changed' | 'same';
  readonly before?: string; readonly after?: string;
}

/** One scanning host's latest finished scan and what changed since its previous one. */
export interface HostScan {
  readonly run: RunRecord;
  readonly results: readonly ScanResultRecord[];
  readonly previousRun?: RunRecord;
  readonly changes: readonly ScanChange[];
}

export interface ScanView {
  readonly run?: RunRecord;
  readonly results: readonly ScanResultRecord[];
  readonly previousRun?: RunRecord;
  readonly changes: readonly ScanChange[];
  readonly history: readonly RunRecord[];
  /** The latest scan of every scanning host (a fleet), newest first; the first is the one above. */
  readonly hosts: readonly HostScan[];
}

function diff(results: readonly ScanResultRecord[], prev: readonly ScanResultRecord[] | undefined): ScanChange[] {
  const key = (r: ScanResultRecord): string => `${r.host}:${r.port}`;
  const before = new Map((prev ?? []).map((r) => [key(r), r]));
  const changes: ScanChange[] = [];
  for (const r of results) {
    const b = before.get(key(r));
    before.delete(key(r));
    const kind = !b ? 'new' : b.state !== r.state ? 'changed' : 'same';
    changes.push({ host: r.host, port: r.port, kind, ...(b ? { before: b.state } : {}), after: r.state });
  }
  for (const b of before.values()) changes.push({ host: b.host, port: b.port, kind: 'gone', before: b.state });
  return changes;
}

/**
 * Scans as a fleet has them: each scanning host's latest finished scan, compared with that host's previous
 * one (another host's scan is another vantage point, not an earlier state).
 */
export async function scanView(store: Store): Promise<ScanView> {
  const runs = await store.listRuns({ tool: 'scan', limit: 500 });
  const history = runs.slice(0, 50);
  const finished = runs.filter((r) => r.finishedAt);
  const hosts: HostScan[] = [];
  for (const run of finished) {
    if (hosts.some((x) => x.run.host === run.host) || hosts.length >= 50) continue;
    const results = await store.scanResults(run.id);
    const previousRun = finished.find((r) => r.host === run.host && r.id !== run.id && r.startedAt < run.startedAt);
    const prev = previousRun ? await store.scanResults(previousRun.id) : undefined;
    hosts.push({ run, results, changes: diff(results, prev), ...(previousRun ? { previousRun } : {}) });
  }
  const first = hosts[0];
  if (!first) return { results: [], changes: [], history, hosts };
  return { ...first, history, hosts };
}

export interface AuditView { readonly runs: readonly { run: RunRecord; findings: readonly Finding[] }[]; readonly bySeverity: Record<string, number> }

/** The latest audit run per audited host, with its findings (most severe first). */
export async function auditView(store: Store): Promise<AuditView> {
  const runs = await store.listRuns({ tool: 'audit', limit: 200 });
  const seen = new Set<string>();
  const out: { run: RunRecord; findings: Finding[] }[] = [];
  for (const run of runs) {
    const k = `${run.host}\u0000${run.target ?? ''}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const findings = (await store.listFindings(run.id)).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    out.push({ run, findings });
  }
  const bySeverity: Record<string, number> = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const r of out) for (const f of r.findings) if (!f.suppressed) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  return { runs: out, bySeverity };
}

export interface GuardBuckets { readonly labels: string[]; readonly allow: number[]; readonly deny: number[]; readonly totals: { allow: number; deny: number } }

/** Bucket decisions into `n` equal time slices spanning the records (hour labels). */
export function bucketGuard(records: readonly GuardAuditRecord[], n = 24): GuardBuckets {
  const totals = { allow: 0, deny: 0 };
  for (const r of records) totals[r.verdict]++;
  if (records.length === 0) return { labels: [], allow: [], deny: [], totals };
  const times = records.map((r) => Date.parse(r.time)).filter(Number.isFinite);
  const lo = Math.min(...times);
  const hi = Math.max(...times) + 1;
  const width = Math.max(60_000, Math.ceil((hi - lo) / n));
  const count = Math.min(n, Math.ceil((hi - lo) / width));
  const allow = new Array<number>(count).fill(0);
  const deny = new Array<number>(count).fill(0);
  for (const r of records) {
    const t = Date.parse(r.time);
    if (!Number.isFinite(t)) continue;
    const i = Math.min(count - 1, Math.floor((t - lo) / width));
    (r.verdict === 'allow' ? allow : deny)[i]! += 1;
  }
  const labels = allow.map((_, i) => new Date(lo + i * width).toISOString().slice(5, 16).replace('T', ' '));
  return { labels, allow, deny, totals };
}

export function guardQuery(params: URLSearchParams): GuardAuditQuery {
  const get = (k: string): string | undefined => params.get(k)?.trim() || undefined;
  // Stored times are RFC 3339 with milliseconds compared as text: normalise what people type (2026-11-01T15:00).
  // Unusable values are refused before this by filterProblems(); here they are only passed through.
  const time = (k: string): string | undefined => {
    const v = get(k);
    return v ? parseTime(v) ?? v : undefined;
  };
  const verdict = get('verdict')?.toLowerCase();
  const n = Number(get('limit') ?? 200);
  const limit = Number.isFinite(n) ? Math.min(Math.max(1, n), 5000) : 200;
  const offset = offsetOf(params, limit);
  return {
    ...(get('subject') ? { subject: get('subject') } : {}),
    ...(get('host') ? { host: get('host') } : {}),
    ...(verdict === 'allow' || verdict === 'deny' ? { verdict } : {}),
    ...(get('route') ? { routeId: get('route') } : {}),
    ...(get('rule') ? { ruleId: get('rule') } : {}),
    ...(time('since') ? { since: time('since') } : {}),
    ...(time('until') ? { until: time('until') } : {}),
    limit,
    ...(offset > 0 ? { offset } : {}),
    order: get('order')?.toLowerCase() === 'asc' ? 'asc' : 'desc',
  };
}

export interface TrapSessionSummary {
  readonly session: string; readonly srcIp: string; readonly sensor: string; readonly openedAt: string;
  readonly closedAt?: string; readonly events: number; readonly commands: number; readonly indicators: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export async function trapSessions(store: Store, limit = 50): Promise<TrapSessionSummary[]> {
  const opened = await store.queryEvents({ eventid: 'trap.session.opened', order: 'desc', limit });
  const out: TrapSessionSummary[] = [];
  for (const o of opened) {
    const session = str(o['session']);
    const evs = await store.queryEvents({ session, limit: 10_000 });
    const closed = evs.find((e) => e.eventid === 'trap.session.closed');
    out.push({
      session, srcIp: str(o['src_ip']), sensor: str(o['sensor']), openedAt: o.timestamp,
      ...(closed ? { closedAt: closed.timestamp } : {}), events: evs.length,
      commands: evs.filter((e) => e.eventid === 'trap.command.observed').length,
      indicators: evs.filter((e) => e.eventid === 'trap.indicator.extracted').length,
    });
  }
  return out;
}

export interface Indicator { readonly type: string; readonly value: string; readonly firstSeen: string; readonly session: string; readonly srcIp: string; readonly decoded: boolean }

export function indicatorsOf(events: readonly PortcullisEvent[]): Indicator[] {
  const seen = new Set<string>();
  const out: Indicator[] = [];
  for (const e of events) {
    if (e.eventid !== 'trap.indicator.extracted') continue;
    const type = str(e['type']);
    const value = str(e['value']);
    const k = `${type}\u0000${value}`;
    if (!value || seen.has(k)) continue;
    seen.add(k);
    out.push({ type, value, firstSeen: e.timestamp, session: str(e['session']), srcIp: str(e['src_ip']), decoded: e['decoded'] === true });
  }
  return out;
}

export async function trapSession(store: Store, session: string): Promise<{ events: PortcullisEvent[]; indicators: Indicator[] }> {
  const events = await store.queryEvents({ session, limit: 10_000 });
  return { events, indicators: indicatorsOf(events) };
}

export async function watchAlerts(store: Store, limit = 200): Promise<PortcullisEvent[]> {
  return store.queryEvents({ eventid: 'watch.alert.raised', order: 'desc', limit });
}

export interface Overview {
  readonly exposed: readonly ScanResultRecord[];
  readonly scanRun?: RunRecord;
  readonly bySeverity: Record<string, number>;
  readonly guard: GuardBuckets;
  readonly alerts: readonly PortcullisEvent[];
  readonly sessions: readonly TrapSessionSummary[];
}

export async function overview(store: Store): Promise<Overview> {
  const scans = await scanView(store);
  const audit = await auditView(store);
  const guard = bucketGuard(await store.queryGuardAudit({ order: 'desc', limit: 20_000 }));
  // Exposed endpoints of every scanning host's latest scan (once each when two hosts see the same one).
  const exposed = new Map<string, ScanResultRecord>();
  for (const h of scans.hosts) for (const r of h.results) if (r.state === 'exposed' && !exposed.has(`${r.host}:${r.port}`)) exposed.set(`${r.host}:${r.port}`, r);
  return {
    exposed: [...exposed.values()],
    ...(scans.run ? { scanRun: scans.run } : {}),
    bySeverity: audit.bySeverity, guard,
    alerts: await watchAlerts(store, 10), sessions: await trapSessions(store, 10),
  };
}
