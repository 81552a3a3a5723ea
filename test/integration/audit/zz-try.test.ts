import { it } from 'vitest';
import { auditFixture } from '/work/main/test/integration/audit/fixture-root.js';
it('dump', async () => {
  for (const n of (process.env.FIX ?? '').split(',')) {
    const r = await auditFixture(n);
    console.log(`=== ${n}: ${r.summary.verdict}`);
    for (const f of r.report.findings) console.log(`${f.severity} ${f.ruleId} ${f.target} | ${f.message}\n   ${f.evidence.map((e) => `${e.location}${e.line ? `:${e.line}` : ''} ${e.value}`).join('\n   ')}`);
  }
});
