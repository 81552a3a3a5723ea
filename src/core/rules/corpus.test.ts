// The shared detection corpus (test/fixtures/detection): every malicious sample raises its expected rules at
// high or critical; every benign look-alike raises nothing above low.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { atLeast } from '../report/finding.js';
import { detect } from './detect.js';
import type { DetectionInput } from './types.js';

const dir = new URL('../../../test/fixtures/detection/', import.meta.url);
const load = <T>(f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as T;
const malicious = load<{ name: string; input: DetectionInput; expect: string[] }[]>('malicious.json');
const benign = load<{ name: string; input: DetectionInput }[]>('benign.json');

describe('malicious corpus', () => {
  it('has samples', () => expect(malicious.length).toBeGreaterThan(30));
  for (const s of malicious) {
    it(s.name, () => {
      const f = detect(s.input);
      for (const id of s.expect) {
        const hit = f.find((x) => x.ruleId === id);
        expect(hit, `${id} in ${JSON.stringify(f.map((x) => `${x.ruleId}:${x.severity}`))}`).toBeDefined();
        expect(atLeast(hit!.severity, 'high'), `${id} is ${hit!.severity}`).toBe(true);
      }
    });
  }
});

describe('benign corpus', () => {
  it('has samples', () => expect(benign.length).toBeGreaterThan(25));
  for (const s of benign) {
    it(s.name, () => {
      const above = detect(s.input).filter((x) => atLeast(x.severity, 'medium'));
      expect(above.map((x) => `${x.ruleId}:${x.severity}: ${x.message}`)).toEqual([]);
    });
  }
});
