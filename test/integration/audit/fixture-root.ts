// Materialises a fixture root from test/fixtures/audit/<name> into a temp dir with the file modes its
// .pcl-modes manifest lists (git keeps only the executable bit), so permission checks see what we mean.
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAudit, type AuditOptions, type AuditResult } from '../../../src/auditor/index.js';
import type { Evidence, Finding } from '../../../src/core/report/finding.js';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/audit');

/** Copy a fixture root to a temp dir and apply its modes; returns the root path and a cleanup. */
export function materialize(name: string): { root: string; cleanup: () => void } {
  const tmp = mkdtempSync(join(tmpdir(), `pcl-audit-${name}-`));
  const root = join(tmp, 'root');
  cpSync(join(FIXTURES, name), root, { recursive: true, verbatimSymlinks: true });
  const modes = join(root, '.pcl-modes');
  if (existsSync(modes)) {
    for (const line of readFileSync(modes, 'utf8').split('\n')) {
      const m = /^(0[0-7]{3})\s+(.+)$/.exec(line.trim());
      if (m) chmodSync(join(root, m[2] as string), parseInt(m[1] as string, 8));
    }
    rmSync(modes);
  }
  return { root, cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

/** Audit a fixture root offline (no engine), with a fixed clock. */
export async function auditFixture(name: string, opts: Partial<AuditOptions> = {}): Promise<AuditResult> {
  const { root, cleanup } = materialize(name);
  try {
    return await runAudit({ root, env: {}, now: () => new Date('2027-06-01T00:00:00Z'), ...opts });
  } finally {
    cleanup();
  }
}

export function ids(r: AuditResult): string[] {
  return [...new Set(r.report.findings.map((f) => f.ruleId))].sort();
}

export function byId(r: AuditResult, id: string): Finding[] {
  return r.report.findings.filter((f) => f.ruleId === id);
}

/** "path:line" strings of a finding's file evidence. */
export function where(f: Finding | undefined): string[] {
  return (f?.evidence ?? []).filter((e: Evidence) => e.kind === 'file').map((e) => (e.line ? `${e.location}:${e.line}` : e.location));
}
