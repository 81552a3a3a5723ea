// Migration 1: the five tables every front end writes to (runs, findings, events, scan_results, guard_audit)
// with indexes for the Store interface's queries. JSON columns are TEXT; times are RFC 3339 TEXT (UTC).
import type { Migration } from './migration.js';
import { renderTables, type TableDef } from './schema-ddl.js';

const text = (name: string, more: Partial<TableDef['columns'][number]> = {}) => ({ name, type: 'text' as const, ...more });
const required = (name: string, more: Partial<TableDef['columns'][number]> = {}) => text(name, { notNull: true, ...more });
const RUN = { name: 'run_id', type: 'text' as const, notNull: true, references: 'runs (id)' };

const TABLES: readonly TableDef[] = [
  {
    name: 'runs',
    columns: [{ name: 'id', type: 'key' }, required('tool'), required('started_at', { ordered: true }), text('finished_at'), required('host'), text('target'), text('summary')],
    indexes: { runs_tool_started: ['tool', 'started_at'], runs_started: ['started_at'] },
  },
  {
    name: 'findings',
    columns: [{ name: 'id', type: 'id' }, RUN, required('rule_id'), required('severity'), required('target'),
      { name: 'suppressed', type: 'integer', notNull: true, default: '0' }, required('data')],
    indexes: { findings_run: ['run_id', 'id'], findings_rule: ['rule_id'], findings_severity: ['severity'] },
  },
  {
    name: 'events',
    columns: [{ name: 'id', type: 'id' }, required('eventid', { ordered: true }), required('timestamp', { ordered: true }), text('session'), required('data')],
    indexes: { events_eventid_time: ['eventid', 'timestamp'], events_session_time: ['session', 'timestamp'], events_time: ['timestamp'] },
  },
  {
    name: 'scan_results',
    columns: [{ name: 'id', type: 'id' }, RUN, required('host'), { name: 'port', type: 'integer', notNull: true }, required('state'), required('data')],
    indexes: { scan_results_run: ['run_id', 'id'], scan_results_endpoint: ['host', 'port'] },
  },
  {
    name: 'guard_audit',
    columns: [{ name: 'id', type: 'id' }, required('time', { ordered: true }), required('request_id'), required('subject'), required('source'),
      required('method'), required('path'), required('route_id'), required('verdict', { oneOf: ['allow', 'deny'] }), text('rule_id'), text('reason'),
      { name: 'status', type: 'integer' }, { name: 'duration_ms', type: 'real' }],
    indexes: {
      guard_audit_time: ['time'], guard_audit_subject_time: ['subject', 'time'], guard_audit_verdict_time: ['verdict', 'time'],
      guard_audit_route_time: ['route_id', 'time'], guard_audit_rule: ['rule_id'],
    },
  },
];

export const MIGRATION_0001: Migration = {
  version: 1,
  name: 'initial',
  sqlite: renderTables(TABLES, 'sqlite'),
  postgres: renderTables(TABLES, 'postgres'),
};
