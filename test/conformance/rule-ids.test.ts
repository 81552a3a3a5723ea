// Rule ids: RULES and docs/RULES.md list the same ids, each once, with the same severity; every id follows
// RULE_ID_PATTERN (PCL-<AREA>-<NNN>) and every rule has a title and a description.
import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/core/report/index.js';
import { RULES, RULE_ID_PATTERN } from '../../src/core/rules/catalogue.js';
import { docRows, duplicates, missing } from './doc-tables.js';

describe('rule ids <-> docs/RULES.md', () => {
  const code = RULES.map((r) => r.id);
  // Anything shaped like a rule id, so a documented id that breaks the pattern is caught too.
  const doc = docRows('docs/RULES.md', /^PCL-[A-Za-z0-9]+-[A-Za-z0-9]+$/);

  it('every rule id is unique and follows PCL-<AREA>-<NNN>', () => {
    expect(duplicates(code)).toEqual([]);
    expect(code.filter((id) => !RULE_ID_PATTERN.test(id))).toEqual([]);
  });
  it('every rule in the catalogue is documented', () => {
    expect(missing(code, doc.map((r) => r.id))).toEqual([]);
  });
  it('every documented rule exists in the catalogue', () => {
    expect(missing(doc.map((r) => r.id), code)).toEqual([]);
    expect(duplicates(doc.map((r) => r.id))).toEqual([]);
  });
  it('the severity in the table equals the catalogue\'s', () => {
    const bySeverity = new Map(RULES.map((r) => [r.id, r.severity]));
    const wrong = doc
      .filter((r) => bySeverity.has(r.id) && (r.cells[0] ?? '').toLowerCase() !== bySeverity.get(r.id))
      .map((r) => `${r.id}: docs say "${r.cells[0]}", code says "${bySeverity.get(r.id)}" (docs/RULES.md:${r.line})`);
    expect(wrong).toEqual([]);
  });
  it('every rule has a known severity, a title and a description', () => {
    for (const r of RULES) {
      expect(SEVERITIES, r.id).toContain(r.severity);
      expect(r.title.trim().length, r.id).toBeGreaterThan(0);
      expect(r.description.trim().length, r.id).toBeGreaterThan(0);
    }
  });
});
