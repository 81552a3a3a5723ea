// Row <-> record mapping shared by the SQL adapters: one place decides which fields become indexed columns
// and which travel as JSON text, so SQLite and (later) PostgreSQL store the same shapes.
import type { PortcullisEvent } from '../events/index.js';
import type { Finding } from '../report/finding.js';
import type { GuardAuditRecord, RunRecord, ScanResultRecord } from './store.js';

export interface RunRow {
  id: string; tool: string; started_at: string; finished_at: string | null;
  host: string; target: string | null; summary: string | null;
}
export interface FindingRow { data: string }
export interface EventRow { data: string }
export interface ScanResultRow { host: string; port: number; state: string; data: string }
export interface GuardAuditRow {
  time: string; request_id: string; subject: string; source: string; method: string; path: string;
  route_id: string; verdict: string; rule_id: string | null; reason: string | null;
  status: number | null; duration_ms: number | null; host: string | null;
}

export function runToRow(r: RunRecord): RunRow {
  return {
    id: r.id, tool: r.tool, started_at: r.startedAt, finished_at: r.finishedAt ?? null,
    host: r.host, target: r.target ?? null, summary: r.summary === undefined ? null : JSON.stringify(r.summary),
  };
}

export function rowToRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    tool: row.tool as RunRecord['tool'],
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    host: row.host,
    ...(row.target === null ? {} : { target: row.target }),
    ...(row.summary === null ? {} : { summary: JSON.parse(row.summary) as Record<string, unknown> }),
  };
}

export function findingToRow(runId: string, f: Finding): Record<string, unknown> {
  return {
    run_id: runId, rule_id: f.ruleId, severity: f.severity, target: f.target,
    suppressed: f.suppressed ? 1 : 0, data: JSON.stringify(f),
  };
}

export function rowToFinding(row: FindingRow): Finding {
  return JSON.parse(row.data) as Finding;
}

export function eventToRow(e: PortcullisEvent): Record<string, unknown> {
  const session = e['session'];
  return {
    eventid: e.eventid, timestamp: e.timestamp,
    session: typeof session === 'string' ? session : null, data: JSON.stringify(e),
  };
}

export function rowToEvent(row: EventRow): PortcullisEvent {
  return JSON.parse(row.data) as PortcullisEvent;
}

export function scanResultToRow(runId: string, r: ScanResultRecord): Record<string, unknown> {
  return { run_id: runId, host: r.host, port: r.port, state: r.state, data: JSON.stringify(r.data) };
}

export function rowToScanResult(row: ScanResultRow): ScanResultRecord {
  return { host: row.host, port: row.port, state: row.state, data: JSON.parse(row.data) as Record<string, unknown> };
}

export function guardAuditToRow(r: GuardAuditRecord): GuardAuditRow {
  return {
    time: r.time, request_id: r.requestId, subject: r.subject, source: r.source, method: r.method, path: r.path,
    route_id: r.routeId, verdict: r.verdict, rule_id: r.ruleId ?? null, reason: r.reason ?? null,
    status: r.status ?? null, duration_ms: r.durationMs ?? null, host: r.host ?? null,
  };
}

export function rowToGuardAudit(row: GuardAuditRow): GuardAuditRecord {
  return {
    time: row.time, requestId: row.request_id, subject: row.subject, source: row.source, method: row.method,
    path: row.path, routeId: row.route_id, verdict: row.verdict as GuardAuditRecord['verdict'],
    ...(row.rule_id === null ? {} : { ruleId: row.rule_id }),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.status === null ? {} : { status: row.status }),
    ...(row.duration_ms === null ? {} : { durationMs: row.duration_ms }),
    ...(row.host === null || row.host === undefined ? {} : { host: row.host }),
  };
}

/** Clamp a caller's limit to something sane (no unbounded reads by accident). */
export function clampLimit(limit: number | undefined, fallback = 1000, max = 100_000): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}

/** A caller's offset as a whole number of rows to skip (pagination), 0 when absent or not a number. */
export function clampOffset(offset: number | undefined, max = 1_000_000): number {
  if (offset === undefined || !Number.isFinite(offset)) return 0;
  return Math.max(0, Math.min(max, Math.floor(offset)));
}
