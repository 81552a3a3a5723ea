// Error codes: every PCL_ERR_* code in src/core/errors is listed in docs/ERRORS.md and every code listed
// there exists, no two area files define the same code, and every code follows PCL_ERR_<AREA>_<WHAT>.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/core/errors/index.js';
import { docRows, duplicates, missing } from './doc-tables.js';

const CODE_PATTERN = /^PCL_ERR_[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const DOC_PATTERN = /^PCL_ERR_[A-Z0-9_]+$/;

describe('error codes <-> docs/ERRORS.md', () => {
  const code = Object.keys(ERROR_CODES);
  const doc = docRows('docs/ERRORS.md', DOC_PATTERN);

  it('every code in the catalogue is documented', () => {
    expect(missing(code, doc.map((r) => r.id))).toEqual([]);
  });
  it('every documented code exists in the catalogue', () => {
    expect(missing(doc.map((r) => r.id), code)).toEqual([]);
  });
  it('each code is documented once, with a meaning', () => {
    expect(duplicates(doc.map((r) => r.id))).toEqual([]);
    expect(doc.filter((r) => !r.cells[0]).map((r) => r.id)).toEqual([]);
  });
  it('every code follows PCL_ERR_<AREA>_<WHAT> and has a description and a sane exit code', () => {
    for (const [c, info] of Object.entries(ERROR_CODES) as [string, { description: string; exit?: number }][]) {
      expect(c).toMatch(CODE_PATTERN);
      expect(info.description.length, c).toBeGreaterThan(10);
      if (info.exit !== undefined) expect(Number.isInteger(info.exit) && info.exit > 0 && info.exit < 256, c).toBe(true);
    }
  });
  it('no code is defined by two area files (a later spread would silently replace the earlier one)', async () => {
    const dir = new URL('../../src/core/errors/codes/', import.meta.url);
    const all: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const mod = (await import(new URL(f, dir).href)) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (v && typeof v === 'object') all.push(...Object.keys(v));
    }
    expect(duplicates(all)).toEqual([]);
    expect(new Set(all)).toEqual(new Set(Object.keys(ERROR_CODES)));
  });
});
