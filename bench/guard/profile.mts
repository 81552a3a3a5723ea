// CPU profile of the guard's request path (plain loopback listener, admin role) under the bench load
// generator, printed as self time per function. Not a test. Run: npx tsx bench/guard/profile.mts [path]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startGuard } from '../../src/guard/index.js';
import { load } from './load.js';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const sock = process.env.PORTCULLIS_LAB_SOCKET ?? '/tmp/portcullis-lab/docker.sock';
const dir = mkdtempSync(join(tmpdir(), 'pcl-guard-prof-'));
writeFileSync(join(dir, 'guard.yaml'), stringify({
  upstream: { url: `unix://${sock}` }, audit: { file: 'audit.jsonl' },
  listeners: [{ type: 'plain', address: '127.0.0.1:0', subject: 'b', allowPlaintext: true }],
  policy: { grants: [{ subject: 'loopback:b', roles: ['admin'] }] },
}));
const g = await startGuard({ configPath: join(dir, 'guard.yaml'), log: () => undefined });
const [host, port] = g.addresses[0]!.split(':');
const s = new Session();
s.connect();
await s.post('Profiler.enable');
await s.post('Profiler.start');
process.stdout.write(JSON.stringify(await load({ name: 'guard', host: host!, port: Number(port) }, process.argv[2] ?? '/_ping', 32, 4)) + '\n');
const { profile } = (await s.post('Profiler.stop')) as unknown as { profile: Profile };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const f = byId.get(id)!.callFrame;
  const k = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
process.stdout.write([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)} ms  ${k}`).join('\n') + '\n');
await g.close();
rmSync(dir, { recursive: true, force: true });
