// Every source module (src/**/*.ts, tests excluded) opens with a header comment saying why it exists:
// `//` or `/**` on its first line, after an optional shebang.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export function hasHeader(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const first = lines[0]?.startsWith('#!') ? lines[1] : lines[0];
  return first !== undefined && (/^\/\/\s*\S/.test(first) || first.startsWith('/**'));
}

it('recognises headers and their absence', () => {
  expect(hasHeader('// why\nexport {};')).toBe(true);
  expect(hasHeader('#!/usr/bin/env node\n/** why */')).toBe(true);
  expect(hasHeader('import x from "y";\n// late')).toBe(false);
  expect(hasHeader('\n// blank first line')).toBe(false);
  expect(hasHeader('//\n')).toBe(false);
});

it('every src module starts with a header comment', () => {
  const files = sources(join(ROOT, 'src'));
  expect(files.length).toBeGreaterThan(10);
  const bare = files.filter((f) => !hasHeader(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
  expect(bare).toEqual([]);
});
