// Guard benchmark (not a test): the lab engine direct, HAProxy configured as docker-socket-proxy, and the
// guard over mutual TLS, bearer token and plain loopback, in one run, measured with autocannon and wrk.
// Run: npx tsx bench/guard/run.ts [seconds=5]   env BENCH_ROUNDS=3 BENCH_WARMUP=1 BENCH_SMALL_ONLY=1 BENCH_DOCKER_LIMIT=300
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { markdown, PATHS, summarize, type BenchPath, type SmallRounds, type StreamRounds } from './report.js';
import { startBench, type Bench, type BenchTarget } from './setup.js';
import { autocannonRun, runTool, wrkCannot, type SmallResult, type Tool } from './small.js';
import { createRemove, makeImage, removeImage, removeLeftovers, saveLoad } from './streams.js';

const SOCK = process.env.PORTCULLIS_LAB_SOCKET ?? '/tmp/portcullis-lab/docker.sock';
const SECONDS = Number(process.argv[2] ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const SMALL_ONLY = process.env.BENCH_SMALL_ONLY === '1';
const CONNS = 32;
const TOOLS: readonly Tool[] = ['autocannon', 'wrk'];
const log = (s: string): void => { process.stderr.write(s + '\n'); };

let bench: Bench | undefined;
let imageMade = false;
function cleanup(): void {
  if (imageMade) { removeImage(SOCK); imageMade = false; }
  removeLeftovers(SOCK);
  bench?.stop();
  bench = undefined;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { cleanup(); process.exit(130); });

/** Round r measures the targets starting at a different one, so no target always runs first or last. */
const rotate = <T>(xs: readonly T[], r: number): T[] => xs.map((_, i) => xs[(i + r) % xs.length]!);

function firstLine(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n')[0]!.trim();
}

/** The guard must refuse the same load without credentials: proves the 200s come from the cert and token. */
async function controls(b: Bench): Promise<Record<string, SmallResult>> {
  const out: Record<string, SmallResult> = {};
  for (const t of [b.noCert, b.noToken]) {
    const r = await autocannonRun(t, '/_ping', 1, 4);
    if (r.n !== 0) throw new Error(`${t.name}: the guard answered ${r.n} requests with 2xx without credentials`);
    out[t.name] = r;
    log(`control ${t.name}: 2xx=${r.n} non2xx=${r.non2xx} errors=${r.errors} (expected no 2xx)`);
  }
  return out;
}

/** Fills `small` round by round, so what was measured survives a failure later in the run. */
async function smallRounds(targets: readonly BenchTarget[], small: SmallRounds): Promise<void> {
  const empty = (): Record<BenchPath, SmallResult[]> => ({ '/_ping': [], '/v1.41/containers/json': [] });
  for (const t of targets) { small.autocannon[t.name] = empty(); small.wrk[t.name] = wrkCannot(t) ?? empty(); }
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of PATHS) {
      for (const t of rotate(targets, round)) {
        for (const tool of TOOLS) {
          const slot = small[tool][t.name];
          if (typeof slot === 'string' || !slot) continue;
          if (WARMUP > 0) await runTool(tool, t, path, WARMUP, CONNS);
          const r = await runTool(tool, t, path, SECONDS, CONNS);
          const dead = bench?.dead();
          if (dead) throw new Error(`after ${tool} ${t.name} ${path}: ${dead}`);
          if (r.n === 0) throw new Error(`${tool} ${t.name} ${path}: no 2xx answer (non2xx ${r.non2xx}, errors ${r.errors})`);
          slot[path].push(r);
          log(`round ${round + 1}/${ROUNDS} ${tool} ${t.name} ${path}: ${r.rps} req/s p50 ${r.p50ms} ms p99 ${r.p99ms} ms non2xx ${r.non2xx} errors ${r.errors}`);
        }
      }
    }
  }
}

/** Runs one stream measurement; a failure (e.g. a docker command over its time limit) is recorded, not fatal. */
async function attempt(s: StreamRounds, what: string, f: () => Promise<void> | void): Promise<void> {
  try { await f(); } catch (e) {
    const msg = `${what}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    s.failures.push(msg);
    log(`FAILED ${msg}`);
  }
  const dead = bench?.dead();
  if (dead) throw new Error(`after ${what}: ${dead}`);
}

async function streamRounds(b: Bench, out: Record<string, StreamRounds>): Promise<void> {
  for (const t of b.targets) out[t.name] = { createRemovePerSec: [], saveMBps: [], loadMBps: [], failures: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotate(b.targets, round)) {
      const s = out[t.name]!;
      await attempt(s, `round ${round + 1} ${t.name} create+remove`, async () => {
        const v = await createRemove(t, SECONDS, `r${round}`);
        s.createRemovePerSec.push(v);
        log(`round ${round + 1}/${ROUNDS} ${t.name} create+remove/s: ${v}`);
      });
    }
  }
  makeImage(SOCK, b.dir);
  imageMade = true;
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of rotate(b.targets, round)) {
      const s = out[t.name]!;
      await attempt(s, `round ${round + 1} ${t.name} save/load`, () => {
        const v = saveLoad(t, b.dir);
        s.saveMBps.push(v.saveMBps);
        s.loadMBps.push(v.loadMBps);
        log(`round ${round + 1}/${ROUNDS} ${t.name} save ${v.saveMBps} MB/s load ${v.loadMBps} MB/s`);
      });
    }
  }
}

async function main(): Promise<void> {
  const started = new Date();
  bench = await startBench(SOCK);
  const control = await controls(bench);
  const small: SmallRounds = { autocannon: {}, wrk: {} };
  const streams: Record<string, StreamRounds> | undefined = SMALL_ONLY ? undefined : {};
  let error: string | undefined;
  try {
    await smallRounds(bench.targets, small);
    if (streams) await streamRounds(bench, streams);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 1;
  }
  const summary = summarize(small, streams);
  const acPkg = join(dirname(createRequire(import.meta.url).resolve('autocannon')), 'package.json');
  const tools = {
    autocannon: (JSON.parse(readFileSync(acPkg, 'utf8')) as { version: string }).version,
    wrk: firstLine('wrk', ['-v']), haproxy: firstLine('haproxy', ['-v']), node: process.version,
  };
  process.stdout.write(`Guard benchmark, ${started.toISOString()}, ${cpus().length} CPUs, ${SECONDS} s per run after ${WARMUP} s warm-up, ${ROUNDS} rounds` +
    `${SMALL_ONLY ? ', small requests only' : ''}; autocannon ${tools.autocannon}, ${tools.wrk.split(' [')[0]}.\n` +
    `${error ? `\n**Run stopped early, figures are partial:** ${error}\n` : ''}\n${markdown(summary)}`);
  mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, '../results/guard.json'), JSON.stringify({
    date: started.toISOString(), finished: new Date().toISOString(), cpus: cpus().length, tools,
    seconds: SECONDS, warmupSeconds: WARMUP, rounds: ROUNDS, connections: CONNS, pipelining: 1, smallOnly: SMALL_ONLY,
    ...(error ? { error } : {}), summary, controls: control, raw: { small, streams },
  }, null, 2) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  const dead = bench?.dead();
  if (dead && !(e instanceof Error && e.message.includes(dead))) process.stderr.write(`${dead}\n`);
  process.exitCode = 1;
})
  .finally(cleanup);
