// `node dist/cli/main.js audit` end to end (run `npm run build` first): exit codes, --fail-on, SARIF that
// validates against the 2.1.0 schema, JSON, JUnit, suppressions from a config file, errors that name the line.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, expose, labFromEnv, type Exposure } from '../../lab/index.js';
import { materialize } from './fixture-root.js';
import { openStore } from '../../../src/core/store/index.js';

const MAIN = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const require = createRequire(import.meta.url);
const lab = labFromEnv();

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(process.execPath, [MAIN, 'audit', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) => res({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }));
  });
}

function sarifValidator(): (doc: unknown) => boolean {
  const Ajv = require('ajv') as new (o: object) => { compile: (s: unknown) => ((d: unknown) => boolean) & { errors?: unknown } };
  const addFormats = require('ajv-formats') as (a: unknown) => void;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/audit/sarif-schema-2.1.0.json'), 'utf8')));
  return (doc) => {
    const ok = validate(doc);
    if (!ok) console.error(JSON.stringify((validate as { errors?: unknown }).errors, null, 2));
    return ok;
  };
}

const roots: Record<string, { root: string; cleanup: () => void }> = {};
let tmp: string;

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before the CLI tests`);
  for (const n of ['clean', 'empty', 'exp-daemon-json-hosts', 'dmn-risky']) roots[n] = materialize(n);
  tmp = mkdtempSync(join(tmpdir(), 'pcl-audit-cli-'));
});

afterAll(() => {
  for (const r of Object.values(roots)) r.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

describe('portcullis audit (CLI)', () => {
  it('exits 0 on a root without Docker and says nothing is exposed', async () => {
    const r = await cli(['--root', roots.empty!.root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/portcullis audit: no Docker engine found on this host \(root .*\): nothing exposed; \d+ checks not applicable/);
  });

  it('exits 1 with --fail-on high when the API is exposed, and writes SARIF that validates', async () => {
    const out = join(tmp, 'audit.sarif');
    const r = await cli(['--root', roots['exp-daemon-json-hosts']!.root, '--format', 'sarif', '--output', out, '--fail-on', 'high']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exposed by 1 route\(s\).*report written to/);
    const sarif = JSON.parse(readFileSync(out, 'utf8'));
    expect(sarifValidator()(sarif)).toBe(true);
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'PCL-EXP-001');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'etc/docker/daemon.json', uriBaseId: 'ROOTPATH' }, region: { startLine: 4 } });
    expect(sarif.runs[0].originalUriBaseIds).toEqual({ ROOTPATH: { uri: 'file:///' } });
    const rule = sarif.runs[0].tool.driver.rules[result.ruleIndex];
    expect(rule.id).toBe('PCL-EXP-001');
    expect(rule.properties['security-severity']).toBe('9.5');
  });

  it('exits 0 with --fail-on high on a clean root; info findings do not fail it', async () => {
    const r = await cli(['--root', roots.clean!.root, '--fail-on', 'high', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.findings.map((f: { id: string }) => f.id)).toEqual(['PCL-DMN-013']);
    expect(Object.keys(doc.findings[0])).toEqual(expect.arrayContaining(['id', 'severity', 'title', 'evidence', 'remediation', 'cis']));
    expect((await cli(['--root', roots.clean!.root, '--fail-on', 'info'])).code).toBe(1);
  });

  it('writes JUnit with one failure per finding and passes for clean checks', async () => {
    const r = await cli(['--root', roots['exp-daemon-json-hosts']!.root, '--format', 'junit']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="portcullis audit" tests="\d+" failures="2"/);
    expect(r.stdout).toContain('<testcase classname="portcullis.audit" name="PCL-EXP-001 Docker API served on TCP without TLS [tcp://*:2375]"><failure type="critical"');
    expect(r.stdout).toContain('<testcase classname="portcullis.audit" name="PCL-FIL-008 Users in the docker group (root-equivalent)"/>');
  });

  it('honours suppressions with a reason from the config file', async () => {
    const cfg = join(tmp, 'ok.yaml');
    writeFileSync(cfg, [
      'fail-on: medium',
      'suppress:',
      '  - id: PCL-DMN-006',
      '    reason: the internal registry is reached over a VPN only',
      '  - id: PCL-DMN-010',
      '    reason: temporary, see ticket OPS-1',
      '    expires: 2020-01-01',
    ].join('\n'));
    const r = await cli(['--root', roots['dmn-risky']!.root, '--config', cfg, '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    const f6 = doc.findings.find((f: { id: string }) => f.id === 'PCL-DMN-006');
    expect(f6.suppressed).toEqual({ reason: 'the internal registry is reached over a VPN only' });
    expect(doc.findings.find((f: { id: string }) => f.id === 'PCL-DMN-010').suppressed).toBeNull();
    expect(doc.notes).toContain('suppression of PCL-DMN-010 expired on 2020-01-01 and no longer applies');
    expect(r.code).toBe(1); // fail-on: medium from the config, DMN-010 (high) is still live
  });

  it('refuses a config with an unknown key, a missing reason or an unknown id, naming the line', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'suppress:\n  - id: PCL-DMN-006\n    reson: typo\n');
    let r = await cli(['--root', roots.clean!.root, '--config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:2: suppress.0.reason: missing: every suppression needs a reason`);
    expect(r.stderr).toMatch(/:2: suppress\.0: Unrecognized key\(s\) in object: 'reson' \(allowed keys: id, reason, target, expires\) \[PCL_ERR_CONFIG_INVALID\]/);
    writeFileSync(bad, 'suppress:\n  - id: PCL-DMN-006\n  - id: PCL-XYZ-999\n    reason: because\n');
    r = await cli(['--root', roots.clean!.root, '--config', bad]);
    expect(r.stderr).toMatch(/:2: suppress\.0\.reason: missing/);
    writeFileSync(bad, 'suppress:\n  - id: PCL-XYZ-999\n    reason: because we can\n');
    r = await cli(['--root', roots.clean!.root, '--config', bad]);
    expect(r.stderr).toMatch(/:2: suppress\[0\]\.id: PCL-XYZ-999 is not a known rule/);
  });

  it('saves the run, its findings and its events to the store with --store', async () => {
    const db = join(tmp, 'audit.db');
    const r = await cli(['--root', roots['exp-daemon-json-hosts']!.root, '--store', db, '--format', 'json']);
    expect(r.code).toBe(0);
    const store = await openStore(db);
    try {
      const [run] = await store.listRuns({ tool: 'audit' });
      expect(run?.target).toBe(roots['exp-daemon-json-hosts']!.root);
      expect((await store.listFindings(run!.id)).map((f) => f.ruleId).sort()).toEqual(['PCL-DMN-013', 'PCL-EXP-001']);
      expect((await store.queryEvents({ prefix: 'audit.' })).map((e) => e.eventid).sort()).toEqual(['audit.run.finished', 'audit.run.started']);
    } finally {
      await store.close();
    }
  });

  it('rejects a --root that is not a directory and an unknown format with exit 2', async () => {
    expect((await cli(['--root', join(tmp, 'nope')])).stderr).toMatch(/is not a directory.*\[PCL_ERR_AUDIT_ROOT\]/);
    const r = await cli(['--root', roots.clean!.root, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PCL_ERR_REPORT_FORMAT/);
  });
});

describe('portcullis audit (CLI) against the lab engine', () => {
  let exposure: Exposure;
  beforeAll(async () => {
    try { docker(lab, ['rm', '-f', 'pcl-audit-cli-priv']); } catch { /* none */ }
    docker(lab, ['create', '--name', 'pcl-audit-cli-priv', '--label', 'portcullis.test=audit', '--network', 'none', '--privileged', 'alpine:latest', 'true']);
    exposure = await expose('plain', lab.socketPath, '127.0.0.1');
  });
  afterAll(async () => {
    try { docker(lab, ['rm', '-f', 'pcl-audit-cli-priv']); } catch { /* none */ }
    await exposure?.close();
  });

  it('honours DOCKER_HOST like the docker CLI and reports a stopped privileged container in SARIF', async () => {
    const r = await cli(['--format', 'sarif', '--fail-on', 'critical'], { DOCKER_HOST: `tcp://127.0.0.1:${exposure.port}` });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    expect(sarifValidator()(sarif)).toBe(true);
    const hit = sarif.runs[0].results.find((x: { ruleId: string; properties: { target: string } }) =>
      x.ruleId === 'PCL-CFG-001' && x.properties.target.startsWith('container pcl-audit-cli-priv ('));
    expect(hit.locations[0].logicalLocations[0].name).toMatch(/^container pcl-audit-cli-priv \(/);
  });

  it('fails with exit 2 when an explicit --docker-host cannot be reached', async () => {
    const r = await cli(['--docker-host', 'unix:///tmp/pcl-audit-no-such.sock']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PCL_ERR_DOCKER_UNREACHABLE/);
  });

  it('runs as non-root with what it can read, and says what it could not', async () => {
    const asRoot = process.getuid?.() === 0;
    const r = await new Promise<{ code: number; stdout: string }>((res) => {
      const [cmd, args] = asRoot ? ['runuser', ['-u', 'nobody', '--', process.execPath, MAIN, 'audit']] : [process.execPath, [MAIN, 'audit']];
      execFile(cmd, args, { env: { PATH: process.env.PATH ?? '' }, maxBuffer: 256 * 1024 * 1024 },
        (err, stdout) => res({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout }));
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/note: could not read \(permission denied; run as root to check them\): .*\/root/);
    expect(r.stdout).toMatch(/\nportcullis audit: .*checks not applicable\n$/);
  });

  it('runs the main job on this machine as is: no arguments, exit 0, the verdict first and last', async () => {
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^portcullis audit — (NO DOCKER|EXPOSED|NOT EXPOSED): /);
    expect(r.stdout).toMatch(/\nportcullis audit: .*checks not applicable\n$/);
  });

  it('--min-severity filters the table and JSON but not the counts or --fail-on; a bad value is a usage error', async () => {
    const root = roots['dmn-risky']!.root;
    const t = await cli(['--root', root, '--min-severity', 'high']);
    expect(t.code).toBe(0);
    const full = JSON.parse((await cli(['--root', root, '--format', 'json'])).stdout);
    const c = full.summary.counts;
    const total = full.findings.length;
    const high = full.findings.filter((f: { severity: string }) => ['critical', 'high'].includes(f.severity)).length;
    expect(high).toBeGreaterThan(0);
    expect(t.stdout.split('\n').slice(0, 3)).toEqual([
      'portcullis audit — NOT EXPOSED: no route exposes the Docker API',
      `findings: ${total} (${c.critical} critical, ${c.high} high, ${c.medium} medium, ${c.low} low, ${c.info} info); 0 container(s) checked; engine (none)`,
      `showing high and above (--min-severity): ${total - high} finding(s) not shown`]);
    expect(t.stdout).toContain('HIGH     PCL-DMN-006');
    expect(t.stdout).not.toContain('PCL-DMN-003');
    const j = await cli(['--root', root, '--min-severity', 'medium', '--format', 'json', '--fail-on', 'low']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout);
    const medium = full.findings.filter((f: { severity: string }) => ['critical', 'high', 'medium'].includes(f.severity)).length;
    expect(doc.findings).toHaveLength(medium);
    expect(medium).toBeLessThan(total);
    expect(doc.summary).toMatchObject({ minSeverity: 'medium', hidden: total - medium, counts: c });
    const bad = await cli(['--root', root, '--min-severity', 'severe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--min-severity must be one of critical, high, medium, low, info \(got "severe"\)/);
  });
});
