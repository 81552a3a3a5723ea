// Reads an argv as a miner's command line: XMRig-family flags, pool URLs and wallet users score a renamed
// miner; flags common to other tools (-o, -p, -t, -k) only count once a pool-shaped -o/--url is present.
import { MINER_ALGO_RE, MINER_BINARY_RE, MINER_PORTS, WALLET_PATTERNS, isPoolHost, looksLikePoolHost } from '../knowledge/miners.js';
import { progName } from '../shell/split.js';

export interface MinerArgSignal {
  readonly flag: string;
  readonly value?: string;
  readonly weight: number;
}

const STRONG_FLAGS = new Set(['--donate-level', '--randomx-1gb-pages', '--cpu-priority', '--max-cpu-usage', '--nicehash',
  '--rig-id', '--cpu-max-threads-hint', '--donate-over-proxy', '--huge-pages-jit', '--randomx-mode', '--randomx-no-numa',
  '--cpu-affinity', '--cpu-no-yield', '--coin']);
const WEAK_WITH_POOL = new Set(['-p', '--pass', '-B', '--background', '--tls', '-k', '--keepalive', '-t', '--threads',
  '-u', '--user', '--print-time', '--log-file', '-x', '--proxy', '--no-color', '--api-worker-id', '--http-enabled']);

export function hasWallet(s: string): boolean {
  return WALLET_PATTERNS.some(({ re }) => new RegExp(re.source).test(s));
}

/** A pool reference as given to -o/--url: stratum URL, known pool host, or host:port on a pool port. */
export function isPoolRef(v: string): boolean {
  if (/^stratum\d?(?:\+(?:tcp|ssl|tls|udp))?:\/\//i.test(v)) return true;
  const m = /^(?:[a-z]+:\/\/)?(?:[^@/]*@)?([^/:]+)(?::(\d+))?/i.exec(v);
  if (!m) return false;
  const host = m[1] as string;
  const port = m[2] ? Number(m[2]) : undefined;
  if (isPoolHost(host)) return true;
  if (port === undefined || !/\./.test(host)) return false;
  return MINER_PORTS.has(port) || looksLikePoolHost(host);
}

/** Split `--flag=value` / `--flag value` pairs. */
function flagsOf(argv: readonly string[]): { flag: string; value: string | undefined }[] {
  const out: { flag: string; value: string | undefined }[] = [];
  for (let k = 1; k < argv.length; k++) {
    const a = argv[k] as string;
    if (!a.startsWith('-') || a === '-' || a === '--') continue;
    const eq = a.indexOf('=');
    if (eq > 0 && a.startsWith('--')) { out.push({ flag: a.slice(0, eq), value: a.slice(eq + 1) }); continue; }
    const next = argv[k + 1];
    out.push({ flag: a, value: next !== undefined && !next.startsWith('-') ? next : undefined });
  }
  return out;
}

/** Miner signals in one argv with their weights (2 strong, 1 weak). */
export function minerArgSignals(argv: readonly string[]): MinerArgSignal[] {
  const flags = flagsOf(argv);
  const out: MinerArgSignal[] = [];
  const pool = flags.find((f) => (f.flag === '-o' || f.flag === '--url' || f.flag === '-url') && f.value !== undefined && isPoolRef(f.value));
  if (pool) out.push({ flag: pool.flag, value: pool.value as string, weight: 2 });
  for (const f of flags) {
    if (f === pool) continue;
    if (STRONG_FLAGS.has(f.flag)) { out.push({ flag: f.flag, ...(f.value !== undefined ? { value: f.value } : {}), weight: 2 }); continue; }
    if ((f.flag === '-a' || f.flag === '--algo' || f.flag === '--algorithm') && f.value && MINER_ALGO_RE.test(f.value)) {
      out.push({ flag: f.flag, value: f.value, weight: 2 }); continue;
    }
    if ((f.flag === '-u' || f.flag === '--user' || f.flag === '-w' || f.flag === '--wallet' || f.flag === '--wallet-address') && f.value && hasWallet(f.value)) {
      out.push({ flag: f.flag, value: f.value, weight: 2 }); continue;
    }
    if (pool && WEAK_WITH_POOL.has(f.flag)) out.push({ flag: f.flag, ...(f.value !== undefined ? { value: f.value } : {}), weight: 1 });
  }
  return out;
}

export function minerArgScore(argv: readonly string[]): number {
  return minerArgSignals(argv).reduce((s, x) => s + x.weight, 0);
}

/** The argv runs a miner: a miner binary, a stratum URL, or miner flags adding up to a strong signal. */
export function isMinerCommand(argv: readonly string[]): boolean {
  if (MINER_BINARY_RE.test(progName(argv[0]))) return true;
  if (argv.some((a) => /stratum\d?\+(?:tcp|ssl|tls|udp):\/\//i.test(a))) return true;
  return minerArgScore(argv) >= 3;
}
