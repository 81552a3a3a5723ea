// Concurrency, --rate and streaming seen from the listener's side: counting-tarpits record when connections
// arrive and how many are open at once, so pacing and streaming are checked without timing upper bounds.
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, MAIN } from './build-cli.js';
import { expose, labFromEnv, type Exposure } from '../../lab/index.js';

const lab = labFromEnv();

interface Counter { open: number; max: number; arrivals: { host: string; at: number; openBefore: number }[]; sockets: Set<Socket> }
const counter: Counter = { open: 0, max: 0, arrivals: [], sockets: new Set() };
const servers: ReturnType<typeof createServer>[] = [];
const HOSTS = ['127.33.0.1', '127.33.0.2', '127.33.0.3', '127.33.0.4', '127.33.0.5', '127.33.0.6'];
const PORT = 23750;

/** A tarpit on host:PORT that counts connections; it holds each until the scanner gives up. */
function countingTarpit(host: string): Promise<void> {
  const server = createServer((s) => {
    counter.arrivals.push({ host, at: Date.now(), openBefore: counter.open });
    counter.open++;
    counter.sockets.add(s);
    // The scanner closes a connection (FIN) before it opens the next one; the FIN may be read in the same
    // event-loop turn as the next accept, so the count is sampled after that turn (setImmediate).
    setImmediate(() => { counter.max = Math.max(counter.max, counter.open); });
    let gone = false;
    const down = () => { if (!gone) { gone = true; counter.open--; counter.sockets.delete(s); } };
    s.on('error', down);
    s.on('end', down);
    s.on('close', down);
    s.resume();
  });
  servers.push(server);
  return new Promise((r) => server.listen(PORT, host, () => r()));
}

function reset(): void { counter.open = 0; counter.max = 0; counter.arrivals = []; }

interface Run { code: number | null; stdout: string; stderr: string }
function cli(args: string[], onStdout?: (text: string) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, 'scan', ...args, '--no-store']);
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); onStdout?.(stdout); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

let plain: Exposure;
beforeAll(async () => {
  ensureCliBuilt();
  for (const h of HOSTS) await countingTarpit(h);
  plain = await expose('plain', lab.socketPath, '127.33.1.1', PORT);
}, 120_000);
afterAll(async () => {
  for (const s of counter.sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  await plain?.close();
});

describe('scan pacing and streaming', () => {
  it('never has more endpoints in flight than --concurrency', async () => {
    reset();
    const r = await cli(['127.33.0.1-6', '-p', String(PORT), '--concurrency', '2', '--timeout', '400', '--retries', '0', '-f', 'json']);
    expect(r.code).toBe(0);
    expect(counter.arrivals).toHaveLength(6);
    expect(counter.max).toBe(2);
    const doc = JSON.parse(r.stdout) as { results: { state: string }[] };
    expect(doc.results.map((x) => x.state)).toEqual(Array(6).fill('unresponsive'));
  }, 60_000);

  it('--rate spaces the starts of new endpoints (1000/rate ms apart, in target order)', async () => {
    reset();
    // Rate 4/s: starts at 0, 250, 500 ms ... whatever the machine's load, never closer than the gap.
    const r = await cli(['127.33.0.1-4', '-p', String(PORT), '--rate', '4', '--concurrency', '64', '--timeout', '300', '--retries', '0', '-f', 'json']);
    expect(r.code).toBe(0);
    expect(counter.arrivals.map((a) => a.host)).toEqual(HOSTS.slice(0, 4));
    const gaps = counter.arrivals.slice(1).map((a, i) => a.at - counter.arrivals[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(200); // 250 ms less timer rounding
  }, 60_000);

  it('streams the JSON document: a result is written while other endpoints are still in flight', async () => {
    reset();
    let openWhenSeen = -1;
    const r = await cli(['127.33.1.1', '127.33.0.5', '-p', String(PORT), '--concurrency', '2', '--timeout', '3000', '--retries', '0', '-f', 'json'],
      (text) => { if (openWhenSeen < 0 && text.includes('"exposed"')) openWhenSeen = counter.open; });
    expect(r.code).toBe(1);
    // The tarpit still held the scanner's connection when the exposed result reached stdout.
    expect(openWhenSeen).toBe(1);
    const doc = JSON.parse(r.stdout) as { results: { host: string; state: string }[]; summary: { byState: Record<string, number> } };
    expect(doc.results.map((x) => `${x.host}:${x.state}`)).toEqual(['127.33.1.1:exposed', '127.33.0.5:unresponsive']);
    expect(doc.summary.byState).toMatchObject({ exposed: 1, unresponsive: 1 });
  }, 60_000);
});
