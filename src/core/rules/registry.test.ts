// The detection rule list: stable, unique ids; ATT&CK ids; catalogue, docs/RULES.md and docs/DETECTION.md agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTION_RULE_MODULES } from './registry.js';
import { DETECTION_RULES } from './catalogue/detection.js';
import { RULE_ID_PATTERN, ruleInfo } from './catalogue.js';
import { detect } from './detect.js';

const doc = (f: string) => readFileSync(new URL(`../../../docs/${f}`, import.meta.url), 'utf8');

describe('detection rule registry', () => {
  it('has unique, well-formed ids in order, with ATT&CK ids and text', () => {
    const ids = DETECTION_RULE_MODULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const r of DETECTION_RULE_MODULES) {
      expect(r.id).toMatch(RULE_ID_PATTERN);
      expect(r.id).toMatch(/^PCL-(MIN|TTP)-\d{3}$/);
      expect(r.attack.length).toBeGreaterThan(0);
      for (const t of r.attack) expect(t).toMatch(/^T\d{4}(\.\d{3})?$/);
      expect(r.description.length).toBeGreaterThan(40);
      expect(r.remediation.length).toBeGreaterThan(10);
    }
  });
  it('is what the catalogue lists', () => {
    expect(DETECTION_RULES.map((r) => r.id)).toEqual(DETECTION_RULE_MODULES.map((r) => r.id));
    expect(ruleInfo('PCL-TTP-001')?.title).toBe('Host filesystem mounted and chrooted into');
  });
  it('matches the Detection section of docs/RULES.md row for row', () => {
    const section = doc('RULES.md').split('## Detection')[1]!.split('\n## ')[0]!;
    const rows = [...section.matchAll(/^\| (PCL-\S+) \| (\w+) \| (.+?) \|$/gm)].map((m) => `${m[1]}|${m[2]}|${m[3]}`);
    expect(rows).toEqual(DETECTION_RULE_MODULES.map((r) => `${r.id}|${r.severity}|${r.title}`));
  });
  it('documents every rule in docs/DETECTION.md', () => {
    const d = doc('DETECTION.md');
    for (const r of DETECTION_RULE_MODULES) expect(d).toContain(`### ${r.id} ${r.title}`);
  });
  it('detect() fills findings from the rule metadata and honours options', () => {
    const input = { name: 'c1', cmd: ['xmrig', '-o', 'stratum+tcp://198.51.100.1:3333'] };
    const f = detect(input);
    expect(f[0]).toMatchObject({ ruleId: 'PCL-MIN-001', severity: 'critical', target: 'c1', attack: ['T1496'] });
    expect(detect(input, { rules: ['PCL-MIN-003'], target: 't' }).map((x) => `${x.ruleId}@${x.target}`)).toEqual(['PCL-MIN-003@t']);
    expect(detect({ cmd: ['sh', '-c', 'curl http://h.example.invalid:3333/x'] }, { minSeverity: 'medium' })).toEqual([]);
    expect(detect({ cmd: ['sh', '-c', 'curl http://h.example.invalid:3333/x'] }).map((x) => `${x.ruleId}:${x.severity}`)).toEqual(['PCL-MIN-009:low']);
  });
});
