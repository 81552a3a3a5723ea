// The scan CLI tests run the built CLI (dist/). Build it only when it is older than the sources, under a file
// lock, so test files running in parallel neither rebuild it at once nor read it while another rewrites it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../../../', import.meta.url).pathname;
export const MAIN = join(ROOT, 'dist/cli/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Build dist/ with tsc when missing or stale (tsc emits even if another part of the tree has a type error). */
export function ensureCliBuilt(): void {
  const script = `[ -f "${MAIN}" ] && [ "$(stat -c %Y "${MAIN}")" -ge "$1" ] || npx tsc -p tsconfig.build.json`;
  spawnSync('flock', [join(ROOT, 'node_modules/.pcl-scan-build.lock'), 'sh', '-c', script, 'sh', String(Math.ceil(newestMtime(join(ROOT, 'src')) / 1000))],
    { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(MAIN)) throw new Error('dist/cli/main.js missing after build');
}
