// Sample records for the store integration tests: deterministic runs, findings, events and guard decisions.
import type { PortcullisEvent } from '../../../src/core/events/index.js';
import type { Finding } from '../../../src/core/report/finding.js';
import type { GuardAuditRecord, RunRecord } from '../../../src/core/store/index.js';

export function run(id: string, tool: RunRecord['tool'], startedAt: string, finishedAt?: string): RunRecord {
  return { id, tool, startedAt, host: 'lab-host', target: '127.0.0.1', ...(finishedAt ? { finishedAt } : {}) };
}

export function finding(n: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `PCL-NET-00${n % 10}`, severity: n % 2 ? 'high' : 'low', title: `finding ${n}`,
    target: `127.0.0.${n}:2375`, message: `message ${n}`,
    evidence: [{ kind: 'endpoint', location: `127.0.0.${n}:2375`, value: 'Server: Docker/20.10' }],
    ...extra,
  };
}

export function event(n: number, eventid: PortcullisEvent['eventid'], session?: string): PortcullisEvent {
  const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  return { eventid, timestamp: ts, source: 'portcullis', ...(session ? { session } : {}), n };
}

export function audit(n: number, extra: Partial<GuardAuditRecord> = {}): GuardAuditRecord {
  return {
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(), requestId: `req-${n}`, subject: n % 2 ? 'alice' : 'bob',
    source: '127.0.0.1', method: 'POST', path: '/v1.41/containers/create', routeId: 'container.create',
    verdict: n % 3 === 0 ? 'deny' : 'allow', ...(n % 3 === 0 ? { ruleId: 'PCL-CFG-001', reason: 'privileged' } : {}),
    status: n % 3 === 0 ? 403 : 201, durationMs: 1.5,
    ...extra,
  };
}
