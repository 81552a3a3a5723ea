// Unit tests of the report helpers: the generic table, escaping of hostile text, CSV cells, the summary,
// the registry's errors and the SARIF fingerprint's stability.
import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import {
  csvCell, escapeControl, escapeXml, findingFingerprint, getReporter, renderTable, reportFormats, summarize, summaryLine,
} from './index.js';

const f = (severity: Finding['severity'], extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'PCL-NET-001', severity, title: 't', target: '127.0.0.1:2375', message: 'm',
  evidence: [{ kind: 'endpoint', location: '127.0.0.1:2375' }], ...extra,
});

describe('renderTable', () => {
  it('aligns columns, right-aligns numbers on request, truncates and leaves no trailing spaces', () => {
    const out = renderTable([{ header: 'HOST' }, { header: 'PORT', align: 'right' }, { header: 'STATE', maxWidth: 6 }],
      [['127.0.0.1', 2375, 'exposed-plain'], ['127.0.0.10', 2376, undefined]]);
    expect(out).toBe('HOST        PORT  STATE\n127.0.0.1   2375  expos…\n127.0.0.10  2376\n');
  });
  it('escapes terminal control and bidi characters in cells', () => {
    expect(renderTable([{ header: 'X' }], [['a\u001b[31mb\nc\u202e']], { header: false })).toBe('a\\x1b[31mb\\nc\\u202e\n');
  });
  it('styles padded cells without changing the layout', () => {
    const out = renderTable([{ header: 'A', style: (p) => `<${p}>` }, { header: 'B' }], [['x', 'y']]);
    expect(out).toBe('A  B\n<x>  y\n');
  });
  it('renders nothing for no rows and no header', () => {
    expect(renderTable([{ header: 'A' }], [], { header: false })).toBe('');
  });
});

describe('escaping', () => {
  it('escapes XML specials and characters XML 1.0 forbids', () => {
    expect(escapeXml('<a href="x">&\'\u0001\ud800')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\u0001\\ud800');
    expect(escapeControl('tab\there')).toBe('tab\\there');
  });
  it('quotes CSV cells and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=cmd|calc')).toBe("'=cmd|calc");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('line\nbreak')).toBe('line\\nbreak');
  });
});

describe('summary', () => {
  it('counts by severity, keeps suppressed findings apart and finds the worst', () => {
    const s = summarize({ findings: [f('low'), f('high'), f('critical', { suppressed: { reason: 'ok' } }), f('high', { target: 'b' })] });
    expect(s).toEqual({ total: 4, bySeverity: { critical: 0, high: 2, medium: 0, low: 1, info: 0 }, suppressed: 1,
      highest: 'high', targets: 2, rules: 1 });
    expect(summaryLine(s)).toBe('3 findings: 2 high, 1 low (1 suppressed)');
    expect(summaryLine(summarize({ findings: [] }))).toBe('No findings.');
    expect(summarize({ findings: [f('info', { suppressed: { reason: 'x' } })] }).highest).toBeNull();
  });
});

describe('registry', () => {
  it('lists every format and refuses unknown or disallowed ones with PCL_ERR_REPORT_FORMAT', () => {
    expect(reportFormats()).toEqual(['table', 'json', 'jsonl', 'sarif', 'junit', 'csv']);
    expect(getReporter('SARIF').format).toBe('sarif');
    expect(() => getReporter('xml')).toThrow(expect.objectContaining({ code: 'PCL_ERR_REPORT_FORMAT', message: expect.stringContaining('table, json') }));
    expect(() => getReporter('csv', ['table', 'json'])).toThrow(expect.objectContaining({ code: 'PCL_ERR_REPORT_FORMAT' }));
  });
});

describe('findingFingerprint', () => {
  it('is stable for the same rule, target and evidence places, whatever the observed value', () => {
    const a = f('high', { evidence: [{ kind: 'file', location: '/etc/docker/daemon.json', line: 3, value: 'x' }] });
    const b = { ...a, message: 'other words', evidence: [{ kind: 'file' as const, location: '/etc/docker/daemon.json', line: 3, value: 'y' }] };
    expect(findingFingerprint(a)).toBe(findingFingerprint(b));
    expect(findingFingerprint(a)).not.toBe(findingFingerprint({ ...a, target: 'other' }));
  });
});

describe('buildReport', () => {
  it('fills rules for findings and checked rules from the lookup, once each, skipping unknown ids', async () => {
    const { buildReport } = await import('./index.js');
    const info = (id: string) => (id.startsWith('PCL-') ? { id, title: `T ${id}`, severity: 'low' as const, description: 'd' } : undefined);
    const r = buildReport({ tool: 'scan', toolVersion: '1', startedAt: 'a', finishedAt: 'b',
      findings: [f('high'), f('low')], checkedRuleIds: ['PCL-NET-002', 'nope'], lookup: info });
    expect(r.rules.map((x) => x.id)).toEqual(['PCL-NET-001', 'PCL-NET-002']);
    expect(r.notes).toBeUndefined();
  });
});
