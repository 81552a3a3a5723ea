// Unit tests of the audit config: validation errors name the line and the fix; suppressions apply by id and
// target, keep their reason, and stop applying when they expire.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/report/finding.js';
import { applySuppressions, parseAuditConfig } from './config.js';

const NOW = new Date('2027-01-01T00:00:00Z');
const f = (ruleId: string, target: string): Finding => ({ ruleId, target, severity: 'high', title: 't', message: 'm', evidence: [] });

describe('parseAuditConfig', () => {
  it('accepts suppressions with reasons, targets and expiry dates', () => {
    const c = parseAuditConfig('fail-on: high\nsuppress:\n  - id: PCL-DMN-001\n    reason: guard in front\n    target: engine\n    expires: 2027-06-01\n', 'a.yaml', NOW);
    expect(c['fail-on']).toBe('high');
    expect(c.suppress[0]).toMatchObject({ id: 'PCL-DMN-001', reason: 'guard in front', target: 'engine' });
  });

  it('names the line of YAML syntax errors, bad severities and malformed ids', () => {
    expect(() => parseAuditConfig('suppress:\n  - id: [\n', 'a.yaml', NOW)).toThrow(/^a\.yaml:\d+: not valid YAML/);
    expect(() => parseAuditConfig('\nfail-on: severe\n', 'a.yaml', NOW)).toThrow(/a\.yaml:2: fail-on: Invalid enum value/);
    expect(() => parseAuditConfig('suppress:\n  - id: dmn-1\n    reason: because\n', 'a.yaml', NOW)).toThrow(/a\.yaml:2: suppress\.0\.id: must be a rule id like PCL-DMN-008/);
    expect(() => parseAuditConfig('suppress:\n  - id: PCL-DMN-001\n    reason: ok ok\n    expires: someday\n', 'a.yaml', NOW)).toThrow(/write YYYY-MM-DD/);
  });

  it('reports a config error with the catalogued code', () => {
    try {
      parseAuditConfig('colour: red\n', 'a.yaml', NOW);
      expect.unreachable();
    } catch (err) {
      expect((err as { code: string }).code).toBe('PCL_ERR_CONFIG_INVALID');
      expect((err as Error).message).toMatch(/a\.yaml:1: \(top level\): Unrecognized key\(s\) in object: 'colour' \(allowed keys: fail-on, suppress\)/);
    }
  });
});

describe('applySuppressions', () => {
  it('suppresses by id and optional target, and lets expired ones lapse with a note', () => {
    const cfg = parseAuditConfig('suppress:\n  - id: PCL-CFG-001\n    reason: lab box\n    target: pcl-lab\n  - id: PCL-DMN-001\n    reason: old\n    expires: 2026-01-01\n', 'a.yaml', NOW);
    const notes: string[] = [];
    const out = applySuppressions([f('PCL-CFG-001', 'container pcl-lab (123)'), f('PCL-CFG-001', 'container web (456)'), f('PCL-DMN-001', 'engine')], cfg, NOW, notes);
    expect(out.map((x) => x.suppressed?.reason ?? null)).toEqual(['lab box', null, null]);
    expect(notes).toEqual(['suppression of PCL-DMN-001 expired on 2026-01-01 and no longer applies']);
  });
});
