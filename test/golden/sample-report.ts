// The report every golden file is rendered from: each evidence kind the formats treat differently, a
// suppressed finding, a rule without findings, notes, and hostile text (ESC, newline, formula, markup).
import type { Report } from '../../src/core/report/index.js';

export const SAMPLE_REPORT: Report = {
  tool: 'audit',
  toolVersion: '0.1.0',
  startedAt: '2026-03-01T10:00:00.000Z',
  finishedAt: '2026-03-01T10:00:02.500Z',
  rules: [
    { id: 'PCL-EXP-001', title: 'Docker API on TCP without TLS', severity: 'critical',
      description: 'dockerd listens on a TCP socket without TLS: anyone who reaches it is root on the host.',
      remediation: 'Remove -H tcp://0.0.0.0:2375 from the daemon flags, or use --tlsverify with client certificates.',
      cis: '2.6', attack: ['T1133', 'T1610'] },
    { id: 'PCL-DMN-002', title: 'Live restore disabled', severity: 'low',
      description: 'Containers stop when dockerd stops.', remediation: 'Set "live-restore": true in daemon.json.' },
    { id: 'PCL-FIL-001', title: 'Docker socket world-writable', severity: 'high',
      description: 'Any local user can drive the engine.' },
  ],
  findings: [
    {
      ruleId: 'PCL-EXP-001', severity: 'critical', title: 'Docker API on TCP without TLS',
      target: 'localhost', message: 'daemon.json sets hosts to tcp://0.0.0.0:2375 without TLS.',
      evidence: [{ kind: 'file', location: '/etc/docker/daemon.json', line: 3, value: '"tcp://0.0.0.0:2375"' }],
      remediation: 'Remove "tcp://0.0.0.0:2375" from hosts in /etc/docker/daemon.json.', cis: '2.6', attack: ['T1133'],
    },
    {
      ruleId: 'PCL-EXP-001', severity: 'critical', title: 'Docker API on TCP without TLS',
      target: '127.0.0.1:2375', message: 'The engine answers unauthenticated on 127.0.0.1:2375.',
      evidence: [{ kind: 'endpoint', location: '127.0.0.1:2375', value: 'Server: Docker/20.10.24' }],
    },
    {
      ruleId: 'PCL-FIL-001', severity: 'high', title: 'Docker socket world-writable',
      target: 'localhost', message: '/var/run/docker.sock has mode 0666.',
      evidence: [{ kind: 'file', location: '/var/run/docker.sock', value: 'srw-rw-rw-' }],
      suppressed: { reason: 'lab machine, accepted until 2026-06' },
    },
    {
      ruleId: 'PCL-TTP-009', severity: 'medium', title: 'Suspicious container name',
      target: '=HYPERLINK("http://x")\u001b[2J<b>&"', message: 'Name contains\ncontrol text \u202eevil.',
      evidence: [{ kind: 'container', location: 'c0ffee', value: 'x, "y"' }],
    },
  ],
  notes: ['/etc/shadow unreadable as non-root: 2 checks skipped.'],
};

/** A run that found nothing. */
export const EMPTY_REPORT: Report = {
  tool: 'scan', toolVersion: '0.1.0', startedAt: '2026-03-01T10:00:00.000Z', finishedAt: '2026-03-01T10:00:00.000Z',
  findings: [], rules: [],
};
