// Golden tests: each registered format rendered from the sample report must equal its file in test/golden/.
// Regenerate deliberately with UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getReporter, reportFormats, type RenderOptions } from '../../src/core/report/index.js';
import { EMPTY_REPORT, SAMPLE_REPORT } from './sample-report.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (UPDATE) writeFileSync(path, actual);
  expect(existsSync(path), `${name} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const CASES: readonly { file: string; format: string; options?: RenderOptions; empty?: boolean }[] = [
  { file: 'report.table.txt', format: 'table' },
  { file: 'report.table-color.txt', format: 'table', options: { color: true } },
  { file: 'report.json', format: 'json' },
  { file: 'report.jsonl', format: 'jsonl' },
  { file: 'report.sarif', format: 'sarif' },
  { file: 'report.junit.xml', format: 'junit' },
  { file: 'report.csv', format: 'csv' },
  { file: 'empty.table.txt', format: 'table', empty: true },
  { file: 'empty.sarif', format: 'sarif', empty: true },
  { file: 'empty.junit.xml', format: 'junit', empty: true },
];

describe('golden reports', () => {
  it('covers every registered format', () => {
    expect(new Set(CASES.map((c) => c.format))).toEqual(new Set(reportFormats()));
  });
  for (const c of CASES) {
    it(`${c.format} -> ${c.file}`, () => {
      golden(c.file, getReporter(c.format).render(c.empty ? EMPTY_REPORT : SAMPLE_REPORT, c.options));
    });
  }
});
