// One `portcullis scan` run end to end: read targets, stream endpoints through the probes, write the chosen
// format (JSON lines as results arrive), save the run to the store and say what changed since the last scan.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { PortcullisError } from '../core/errors/index.js';
import type { EventLog } from '../core/events/index.js';
import type { ScanResultRecord, Store } from '../core/store/store.js';
import type { Finding } from '../core/report/finding.js';
import { diffScans } from './diff.js';
import type { DeepAnalyzer } from './deep.js';
import type { Comparable } from './diff.js';
import { csvHeader, csvRow, jsonClose, jsonItem, jsonLine, jsonOpen, jsonSummaryLine, table, type ScanFormat } from './output/formats.js';
import { startProgress } from './output/progress.js';
import { parsePorts } from './ports.js';
import { resolveAll } from './probe.js';
import { emptyCounts, runScan } from './run-scan.js';
import { countEndpoints, dedupeSpecs, ExcludeSet, expandTargets, ipToBigInt, parseTarget, specsCover, splitTargetText, type TargetSpec } from './targets.js';
import type { ScanChanges, ScanResult, ScanSummary } from './types.js';

export interface ScanRunRequest {
  /** Target arguments as typed: specs, `@file`, or `-` for stdin. */
  readonly targets: readonly string[];
  readonly exclude?: readonly string[];
  readonly ports?: string;
  readonly concurrency?: number;
  readonly rate?: number;
  readonly timeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly retries?: number;
  readonly deep?: boolean;
  readonly format: ScanFormat;
  /** Also list closed and filtered endpoints in the results (always counted in the summary). */
  readonly all?: boolean;
  readonly toolVersion: string;
  readonly analyze?: DeepAnalyzer;
  /** Confirm a scan of more than CONFIRM_ABOVE endpoints. */
  readonly yes?: boolean;
}

export interface ScanIo {
  readonly stdin: Readable;
  /** Where the report goes (stdout or the --output file). */
  readonly out: Writable;
  /** Progress bar (drawn only if it is a TTY). */
  readonly progress: Writable & { isTTY?: boolean; columns?: number };
  readonly store?: Store;
  readonly events?: EventLog;
  readonly signal?: AbortSignal;
}

export interface ScanRunOutcome {
  readonly summary: ScanSummary;
}

/** Reportable results are saved to the store in batches of this many while the scan runs. */
const STORE_BATCH = 256;

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Resolve `@file` and `-` arguments and parse every spec (errors name the bad spec). */
export async function loadSpecs(args: readonly string[], stdin: Readable): Promise<TargetSpec[]> {
  const specs: TargetSpec[] = [];
  for (const a of args) {
    if (a === '-' || a.startsWith('@')) {
      let text: string;
      try {
        text = a === '-' ? await readAll(stdin) : await readFile(a.slice(1), 'utf8');
      } catch (err) {
        throw new PortcullisError('PCL_ERR_SCAN_TARGETS_UNREADABLE', `cannot read targets from ${a === '-' ? 'stdin' : a.slice(1)}: ${(err as Error).message}`, { cause: err });
      }
      for (const t of splitTargetText(text)) specs.push(parseTarget(t));
    } else {
      for (const t of splitTargetText(a)) specs.push(parseTarget(t));
    }
  }
  return specs;
}

/**
 * An excluded host name stands for its addresses too (`10.0.0.0/24 -x build-01` skips build-01's address): each
 * is resolved once, before the scan; a name that does not resolve is still excluded by name.
 */
async function withResolvedNames(specs: readonly TargetSpec[], timeoutMs: number): Promise<TargetSpec[]> {
  const out = [...specs];
  for (const s of specs) {
    if (s.kind !== 'name') continue;
    const addresses = await resolveAll(s.name, timeoutMs).catch(() => [] as string[]);
    for (const a of addresses) out.push(parseTarget(a));
  }
  return out;
}

/** Endpoints a scan may cover without --yes (a /12 on one port, a /13 on two). */
export const CONFIRM_ABOVE = 1 << 20;
/** Endpoints no scan may cover (an IPv6 /64 is 2^64 addresses: it can never finish). */
export const MAX_ENDPOINTS = 2 ** 32;

/** Refuse sweeps that are far larger than the user probably meant, with the size and what to do. */
function checkSize(total: number, ports: number, yes: boolean): void {
  const size = `${total.toLocaleString('en-US')} endpoints (${ports} port${ports === 1 ? '' : 's'} per address)`;
  if (total > MAX_ENDPOINTS) {
    throw new PortcullisError('PCL_ERR_SCAN_TOO_LARGE', `the targets cover ${size}, more than any scan can finish `
      + `(limit ${MAX_ENDPOINTS.toLocaleString('en-US')}): narrow them, e.g. an IPv6 /120 instead of a /64, or list the hosts in @file`);
  }
  if (total > CONFIRM_ABOVE && !yes) {
    // ~10 000 endpoints a second is what a loaded 2-core machine sustains when most addresses refuse.
    const hours = (total / 10_000 / 3600).toFixed(1);
    throw new PortcullisError('PCL_ERR_SCAN_TOO_LARGE', `the targets cover ${size}, about ${hours} h at 10 000 endpoints/s: `
      + `pass --yes to scan them all, or narrow the targets (--exclude, smaller CIDRs, fewer --ports)`);
  }
}

/**
 * What a host name's addresses are checked against before they are probed: `--exclude` holds addresses, so
 * `localhost -x ::1` must not reach ::1 through the name; and an address also listed as such (`localhost
 * 127.0.0.1`) is probed once, under the address.
 */
function nameAddressFilter(specs: readonly TargetSpec[], ports: readonly number[], exclude: ExcludeSet): (address: string, port: number) => boolean {
  const ranges = specs.filter((s) => s.kind === 'range');
  return (address, port) => {
    const ip = ipToBigInt(address);
    return !!ip && (exclude.hasAddress(ip.family, ip.value) || specsCover(ranges, ports, address, port));
  };
}

function write(out: Writable, s: string): Promise<void> {
  return new Promise((resolve) => { if (out.write(s)) resolve(); else out.once('drain', resolve); });
}

/**
 * Run a scan and write its report. Throws PortcullisError for bad targets or ports; endpoint failures are
 * verdicts (`error`, `unresponsive`), never exceptions.
 * @example await executeScan({ targets: ['127.0.0.1'], format: 'json', toolVersion }, { stdin, out: process.stdout, progress: process.stderr })
 */
export async function executeScan(req: ScanRunRequest, io: ScanIo): Promise<ScanRunOutcome> {
  const ports = parsePorts(req.ports ?? '2375,2376');
  const specs = dedupeSpecs(await loadSpecs(req.targets, io.stdin), ports);
  const exclude = new ExcludeSet(await withResolvedNames(await loadSpecs(req.exclude ?? [], io.stdin), req.timeoutMs ?? 3000));
  const total = countEndpoints(specs, ports, exclude);
  if (specs.length === 0) {
    throw new PortcullisError('PCL_ERR_SCAN_NO_TARGETS', 'no targets to scan: pass addresses, CIDRs, ranges, host names, @file or - (stdin)');
  }
  if (total === 0) throw new PortcullisError('PCL_ERR_SCAN_NO_TARGETS', 'no targets to scan: --exclude covers every target; narrow --exclude');
  checkSize(total, ports.length, req.yes ?? false);
  const runId = randomUUID();
  const startedAt = new Date();
  const targetText = specs.map((s) => s.text).join(' ').slice(0, 1000);
  await io.store?.saveRun({ id: runId, tool: 'scan', startedAt: startedAt.toISOString(), host: hostname(), target: targetText });
  io.events?.emit('scan.run.started', { run_id: runId, targets: targetText, ports, endpoints: total });

  // Nothing grows with the number of endpoints except what a format cannot do without: JSON, JSON lines and
  // CSV stream each result as it is decided; SARIF keeps only findings; the store gets batches; the "what
  // changed" diff keeps host/port/state triples; only the terminal table (sorted) keeps whole results.
  const kept: ScanResult[] = [];
  const seen: Comparable[] = [];
  const findings: Finding[] = [];
  let batch: ScanResultRecord[] = [];
  let written = 0;
  // Findings need the rule catalogue: loaded only when something will hold them (store or SARIF).
  const findingsMod = io.store || req.format === 'sarif' ? await import('./output/findings.js') : undefined;
  const progress = startProgress(io.progress, total);
  let pending: Promise<void> = Promise.resolve();
  const emit = (s: string) => { pending = pending.then(() => write(io.out, s)); };
  const flushStore = () => {
    if (!io.store || batch.length === 0) return;
    const records = batch;
    batch = [];
    pending = pending.then(() => io.store!.saveScanResults(runId, records));
  };
  if (req.format === 'csv') emit(csvHeader());
  if (req.format === 'json') emit(jsonOpen());
  const outcome = await runScan(expandTargets(specs, ports, exclude), {
    timeoutMs: req.timeoutMs ?? 3000, retries: req.retries ?? 1, deep: req.deep ?? false,
    ...(req.connectTimeoutMs ? { connectTimeoutMs: req.connectTimeoutMs } : {}),
    concurrency: req.concurrency ?? 512, rate: req.rate ?? 0, skipAddress: nameAddressFilter(specs, ports, exclude),
    ...(req.analyze ? { analyze: req.analyze } : {}),
    ...(io.signal ? { signal: io.signal } : {}), ...(io.events ? { events: io.events } : {}),
    onResult: (r) => {
      progress.tick(r.state === 'exposed');
      const quiet = r.state === 'closed' || r.state === 'filtered';
      if (quiet && !req.all) return;
      if (!quiet && io.store) {
        const { host, port, state, ...data } = r;
        seen.push({ host, port, state, ...(r.address ? { address: r.address } : {}) });
        batch.push({ host, port, state, data: data as Record<string, unknown> });
        if (batch.length >= STORE_BATCH) flushStore();
      }
      if (!quiet && findingsMod) findings.push(...findingsMod.findingsOf(r));
      // A chain keeps lines whole and in order without blocking the probes.
      switch (req.format) {
        case 'json': emit(jsonItem(r, written++ === 0)); break;
        case 'jsonl': emit(jsonLine(r)); break;
        case 'csv': emit(csvRow(r)); break;
        case 'table': kept.push(r); break;
      }
    },
  });
  progress.stop();
  flushStore();
  await pending;
  const finishedAt = new Date();

  let changes: ScanChanges | undefined;
  if (io.store) {
    const stored = await io.store.previousScanResults(runId);
    if (stored) {
      const previous = stored.map((p) => ({ host: p.host, port: p.port, state: p.state,
        ...(typeof p.data.address === 'string' ? { address: p.data.address } : {}) }));
      // An interrupted scan did not look everywhere: it cannot say what is gone.
      changes = diffScans(previous, seen, outcome.interrupted ? () => false : (h, p) => specsCover(specs, ports, h, p));
    }
  }
  const summary: ScanSummary = {
    endpoints: outcome.endpoints, byState: { ...emptyCounts(), ...outcome.byState }, exposed: outcome.byState.exposed,
    startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), durationMs: finishedAt.getTime() - startedAt.getTime(),
    interrupted: outcome.interrupted, ...(changes ? { changes } : {}), ...(io.store ? { runId } : {}),
  };
  if (io.store) {
    await io.store.saveFindings(runId, findings);
    await io.store.finishRun(runId, summary.finishedAt, { ...summary });
  }
  io.events?.emit('scan.run.finished', { run_id: runId, summary: { endpoints: summary.endpoints, by_state: summary.byState, interrupted: summary.interrupted } });

  switch (req.format) {
    case 'json': await write(io.out, jsonClose(summary)); break;
    case 'jsonl': await write(io.out, jsonSummaryLine(summary)); break;
    case 'table': await write(io.out, table(kept, summary)); break;
    case 'sarif': await write(io.out, (await import('../core/report/sarif.js')).sarifReporter.render(findingsMod!.reportOf(findings, { toolVersion: req.toolVersion, startedAt: summary.startedAt, finishedAt: summary.finishedAt }))); break;
    case 'csv': break;
  }
  return { summary };
}
