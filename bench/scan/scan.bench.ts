// Benchmark (not a test): portcullis scan vs nmap's docker-version sweep on the same targets in one run, inside
// a private network namespace: 127.20.0.0/20 (32 addresses relay 2375 to the lab engine) and 127.21.0.0/22
// (iptables DROP), ports 2375 and 2376. Writes bench/results/scan.json. Run as root: npx tsx bench/scan/scan.bench.ts
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const NS = 'pcl-scan-bench';
const SOCKET = process.env.PORTCULLIS_LAB_SOCKET ?? '/tmp/portcullis-lab/docker.sock';
const TARGETS = ['127.20.0.0/20', '127.21.0.0/22'];
const PORTS = '2375,2376';
// 32 docker addresses spread over the /20, one every 128 addresses: 127.20.0.7, 127.20.0.135, 127.20.1.7, ...
const DOCKER_ADDRS = Array.from({ length: 32 }, (_, i) => `127.20.${(i * 128) >> 8}.${((i * 128) & 255) + 7}`);
const SKIP_NMAP = process.argv.includes('--skip-nmap');
// A filtered address costs the connect timeout, 1.5 s: the kernel retransmits the SYN after its 1 s initial
// RTO inside that window, so a lost SYN is retried without --retries. Answers from the engine get 3 s.
const SCAN_FLAGS = ['--connect-timeout', '1500', '--timeout', '3000', '--retries', '0', '--concurrency', '4096', '-f', 'json', '--no-store'];
/** portcullis runs this many times (before and after nmap); the median is compared, all are reported. */
const PC_RUNS = 3;

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const inNs = (args: string[]) => ['netns', 'exec', NS, ...args];

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

function ensureTools(): void {
  const missing = [['nmap', 'nmap'], ['iptables', 'iptables'], ['ip', 'iproute2']].filter(([c]) => !has(c!)).map(([, p]) => p!);
  if (!existsSync('/usr/bin/time')) missing.push('time');
  if (missing.length) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}

function setupNetns(): void {
  spawnSync('ip', ['netns', 'del', NS]);
  sh('ip', ['netns', 'add', NS]);
  sh('ip', inNs(['ip', 'link', 'set', 'lo', 'up']));
  sh('ip', inNs(['ip', 'addr', 'add', '127.20.0.0/20', 'dev', 'lo']));
  sh('ip', inNs(['ip', 'addr', 'add', '127.21.0.0/22', 'dev', 'lo']));
  sh('ip', inNs(['iptables', '-A', 'INPUT', '-d', '127.21.0.0/22', '-j', 'DROP']));
}

interface Timed { wallMs: number; cpuMs: number; peakRssKb: number; stdout: string; stderr: string; code: number | null }

/** Run argv inside the namespace under /usr/bin/time -v; wall time is measured here, peak RSS read from time. */
function timed(argv: string[]): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('ip', inNs(['/usr/bin/time', '-v', ...argv]), { maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const stderr = r.stderr.toString();
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const secs = (what: string) => Number(new RegExp(`${what} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
  const cpuMs = Math.round((secs('User') + secs('System')) * 1000);
  return { wallMs, cpuMs, peakRssKb: rss ? Number(rss[1]) : -1, stdout: r.stdout.toString(), stderr, code: r.status };
}

function nmapFound(xml: string): string[] {
  const found: string[] = [];
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1];
    for (const p of host.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="open"[\s\S]*?<\/port>/g)) {
      // Counted as found when the docker-version script identified the service (or at least nmap saw it open).
      found.push(`${addr}:${p[1]}`);
    }
  }
  return found.sort();
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('run as root (network namespaces and iptables)');
  ensureTools();
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  setupNetns();
  const relay = spawn('ip', inNs([process.execPath, join(ROOT, 'bench/scan/relay.mjs'), SOCKET, ...DOCKER_ADDRS]), { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      relay.stdout.on('data', (c: Buffer) => { if (c.toString().includes('ready')) resolve(); });
      relay.once('exit', (code) => reject(new Error(`relay exited (${code})`)));
    });
    const loadAtStart = sh('cat', ['/proc/loadavg']).trim();
    console.log(`netns ${NS}: ${DOCKER_ADDRS.length} relays to ${SOCKET}; DROP on 127.21.0.0/22`);

    type Doc = { results: { host: string; port: number; state: string }[]; summary: { endpoints: number; byState: Record<string, number> } };
    const pcRuns: { t: Timed; doc: Doc; found: string[] }[] = [];
    const runPortcullis = () => {
      console.log('running portcullis scan ...');
      const t = timed([process.execPath, join(ROOT, 'dist/cli/main.js'), 'scan', ...TARGETS, '-p', PORTS, ...SCAN_FLAGS]);
      const doc = JSON.parse(t.stdout) as Doc;
      const found = doc.results.filter((r) => r.state === 'exposed').map((r) => `${r.host}:${r.port}`).sort();
      console.log(`  ${(t.wallMs / 1000).toFixed(2)} s (CPU ${(t.cpuMs / 1000).toFixed(2)} s), ${found.length} exposed, peak RSS ${t.peakRssKb} KiB, by state ${JSON.stringify(doc.summary.byState)}`);
      pcRuns.push({ t, doc, found });
    };
    for (let i = 0; i < PC_RUNS - 1; i++) runPortcullis();

    if (SKIP_NMAP) return;
    console.log('running nmap (about 3-4 minutes) ...');
    const nm = timed(['nmap', '-n', '-Pn', '-sT', '-p', PORTS, '--script', 'docker-version', '-T4', '-oX', '-', ...TARGETS]);
    const nmFound = nmapFound(nm.stdout);
    const scripted = (nm.stdout.match(/<script id="docker-version"/g) ?? []).length;
    console.log(`  ${(nm.wallMs / 1000).toFixed(2)} s (CPU ${(nm.cpuMs / 1000).toFixed(2)} s), ${nmFound.length} open (${scripted} with docker-version output), peak RSS ${nm.peakRssKb} KiB`);

    runPortcullis();
    const sorted = [...pcRuns].sort((a, b) => a.t.wallMs - b.t.wallMs);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const pc = median.t, doc = median.doc;
    const pcFound = median.found;
    const allSame = pcRuns.every((r) => JSON.stringify(r.found) === JSON.stringify(pcFound));
    const load = sh('cat', ['/proc/loadavg']).trim();
    const expected = DOCKER_ADDRS.map((a) => `${a}:2375`).sort();
    const same = JSON.stringify(pcFound) === JSON.stringify(nmFound);
    const result = {
      bench: 'scan', date: new Date().toISOString(), node: process.version,
      nmapVersion: sh("nmap", ["--version"]).split("\n")[0],
      targets: TARGETS, ports: PORTS.split(',').map(Number), endpoints: doc.summary.endpoints,
      dockerEndpoints: expected.length,
      loadavgAtEnd: load, cpus: sh('nproc', []).trim(),
      loadavgAtStart: loadAtStart,
      portcullis: { flags: SCAN_FLAGS, wallMs: Math.round(pc.wallMs), runsWallMs: pcRuns.map((r) => Math.round(r.t.wallMs)),
        cpuMs: pc.cpuMs, runsCpuMs: pcRuns.map((r) => r.t.cpuMs), runsPeakRssKb: pcRuns.map((r) => r.t.peakRssKb),
        peakRssKb: Math.max(...pcRuns.map((r) => r.t.peakRssKb)), found: pcFound.length, sameFoundEveryRun: allSame, byState: doc.summary.byState, exitCode: pc.code },
      nmap: { flags: ['-n', '-Pn', '-sT', '-p', PORTS, '--script', 'docker-version', '-T4'], wallMs: Math.round(nm.wallMs), cpuMs: nm.cpuMs, peakRssKb: nm.peakRssKb,
        found: nmFound.length, dockerVersionScriptHits: scripted, exitCode: nm.code },
      sameFoundSet: same,
      foundEqualsExpected: JSON.stringify(pcFound) === JSON.stringify(expected),
      speedup: Number((nm.wallMs / pc.wallMs).toFixed(1)),
      speedupBestRun: Number((nm.wallMs / sorted[0]!.t.wallMs).toFixed(1)),
      target: { sameFound: 32, speedupAtLeast: 40 },
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/scan.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    relay.kill('SIGTERM');
    spawnSync('ip', ['netns', 'pids', NS]).stdout.toString().split('\n').filter(Boolean)
      .forEach((pid) => { try { process.kill(Number(pid), 'SIGTERM'); } catch { /* gone */ } });
    spawnSync('ip', ['netns', 'del', NS]);
  }
}

main().catch((err: unknown) => { console.error(err); process.exitCode = 1; });
