// Migration 1: the five tables every front end writes to (runs, findings, events, scan_results, guard_audit)
// with indexes for the Store interface's queries. JSON columns are TEXT; times are RFC 3339 TEXT (UTC).
import type { Migration } from './migration.js';

export const MIGRATION_0001: Migration = {
  version: 1,
  name: 'initial',
  sqlite: `
CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  tool        TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  host        TEXT NOT NULL,
  target      TEXT,
  summary     TEXT
);
CREATE INDEX runs_tool_started ON runs (tool, started_at);
CREATE INDEX runs_started ON runs (started_at);

CREATE TABLE findings (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id     TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  rule_id    TEXT NOT NULL,
  severity   TEXT NOT NULL,
  target     TEXT NOT NULL,
  suppressed INTEGER NOT NULL DEFAULT 0,
  data       TEXT NOT NULL
);
CREATE INDEX findings_run ON findings (run_id, id);
CREATE INDEX findings_rule ON findings (rule_id);
CREATE INDEX findings_severity ON findings (severity);

CREATE TABLE events (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  eventid   TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  session   TEXT,
  data      TEXT NOT NULL
);
CREATE INDEX events_eventid_time ON events (eventid, timestamp);
CREATE INDEX events_session_time ON events (session, timestamp);
CREATE INDEX events_time ON events (timestamp);

CREATE TABLE scan_results (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  host   TEXT NOT NULL,
  port   INTEGER NOT NULL,
  state  TEXT NOT NULL,
  data   TEXT NOT NULL
);
CREATE INDEX scan_results_run ON scan_results (run_id, id);
CREATE INDEX scan_results_endpoint ON scan_results (host, port);

CREATE TABLE guard_audit (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  time        TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  subject     TEXT NOT NULL,
  source      TEXT NOT NULL,
  method      TEXT NOT NULL,
  path        TEXT NOT NULL,
  route_id    TEXT NOT NULL,
  verdict     TEXT NOT NULL CHECK (verdict IN ('allow', 'deny')),
  rule_id     TEXT,
  reason      TEXT,
  status      INTEGER,
  duration_ms REAL
);
CREATE INDEX guard_audit_time ON guard_audit (time);
CREATE INDEX guard_audit_subject_time ON guard_audit (subject, time);
CREATE INDEX guard_audit_verdict_time ON guard_audit (verdict, time);
CREATE INDEX guard_audit_route_time ON guard_audit (route_id, time);
CREATE INDEX guard_audit_rule ON guard_audit (rule_id);
`,
};
