// The audit front end: collect host facts (relative to the audited root) and engine facts, run the pure checks,
// apply suppressions, and return a Report plus a one-line verdict. No output formatting happens here.
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { PortcullisError } from '../core/errors/index.js';
import { daemonContexts, isLoopback, parseDaemonHost, runChecks, referencedPaths, volumesByName, type ContainerAnalyzer, type FileFact, type HostFacts } from '../core/checks/index.js';
import type { EventLog } from '../core/events/index.js';
import { atLeast, SEVERITIES, type Finding, type Report, type RuleInfo, type Severity } from '../core/report/finding.js';
import { ruleInfo } from '../core/rules/catalogue.js';
import { DEFAULT_ANALYZERS, guarded, volumeAnalyzer } from './analyzers.js';
import { applySuppressions, type AuditConfig } from './config.js';
import { baseFileList, collectProc, readFiles, unreadableNotes } from './collect-host.js';
import { collectEngine, resolveBindSources } from './collect-engine.js';
import { RootFs } from './root-fs.js';

export interface AuditOptions {
  /** Audited root; "/" (default) is the live host. */
  readonly root?: string;
  /** --docker-host (explicit). */
  readonly dockerHost?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly config?: AuditConfig;
  readonly analyzers?: readonly ContainerAnalyzer[];
  readonly now?: () => Date;
  readonly toolVersion?: string;
  readonly events?: EventLog;
}

export interface AuditSummary {
  readonly dockerPresent: boolean;
  readonly engine: string;
  readonly containers: number;
  /** Unsuppressed findings per severity. */
  readonly counts: Readonly<Record<Severity, number>>;
  readonly suppressed: number;
  /** Unsuppressed exposure findings (PCL-EXP-001..005, 011): ways the API is reachable that it should not be. */
  readonly exposures: number;
  /** Those routes, one per finding: "PCL-EXP-001 tcp://*:2375". */
  readonly routes?: readonly string[];
  /** Set when output was filtered with --min-severity: the threshold and how many findings were left out. */
  readonly minSeverity?: Severity;
  readonly hidden?: number;
  readonly notApplicable: readonly string[];
  /** One line for humans: what this run concluded. */
  readonly verdict: string;
}

export interface AuditResult {
  readonly report: Report;
  readonly summary: AuditSummary;
  readonly facts: HostFacts;
}

const EXPOSURE = new Set(['PCL-EXP-001', 'PCL-EXP-002', 'PCL-EXP-003', 'PCL-EXP-004', 'PCL-EXP-005', 'PCL-EXP-011', 'PCL-EXP-012']);

function sortFindings(fs: Finding[]): Finding[] {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return fs.sort((a, b) => rank(a.severity) - rank(b.severity) || a.ruleId.localeCompare(b.ruleId) || a.target.localeCompare(b.target));
}

/**
 * Audit a host (or a mounted root) and its engine.
 * @example const { report, summary } = await runAudit({ root: '/mnt/host' })
 */
export async function runAudit(opts: AuditOptions = {}): Promise<AuditResult> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const root = opts.root ?? '/';
  if (root !== '/') {
    let dir = false;
    try { dir = statSync(root).isDirectory(); } catch { /* reported below */ }
    if (!dir) throw new PortcullisError('PCL_ERR_AUDIT_ROOT', `--root ${root} is not a directory; give the mount point of the root filesystem to audit`);
  }
  const fs = new RootFs(root);
  const notes: string[] = [];
  opts.events?.emit('audit.run.started', { root, docker_host: opts.dockerHost ?? opts.env?.DOCKER_HOST ?? null });

  const files: Record<string, FileFact> = {};
  const base = baseFileList(fs);
  readFiles(fs, base.read, files);
  readFiles(fs, base.stat, files, true);
  const proc = collectProc(fs, notes);
  // Without DOCKER_HOST and without the default socket, ask the engine a running dockerd serves (its -H unix://).
  const running = daemonContexts({ root, live: fs.live, files, processes: proc.processes, now: now() })
    .filter((c) => c.kind === 'process')
    .flatMap((c) => (c.settings.lists.hosts ?? []).map((h) => parseDaemonHost(h.value, false)))
    .filter((h) => h.proto === 'unix').map((h) => h.address);
  const engine = await collectEngine({ explicit: opts.dockerHost, env: opts.env ?? process.env, offline: !fs.live, running }, notes);
  // Bind sources name paths on the engine's host: resolve them only when that host is this one.
  const hostOfEndpoint = /^tcp:\/\/\[?([^\]/]+?)\]?:\d+/.exec(engine.endpoint)?.[1];
  const localEngine = fs.live && engine.containers !== undefined
    && (engine.endpoint.startsWith('unix://') || (hostOfEndpoint !== undefined && isLoopback(hostOfEndpoint)));
  let facts: HostFacts = {
    root, live: fs.live, files, processes: proc.processes, listeners: proc.listeners, engine, now: now(),
    uid: process.getuid?.(),
    rootOwner: fs.live ? { uid: 0, gid: 0 } : (() => { const st = statSync(root); return { uid: st.uid, gid: st.gid }; })(),
    bindSources: localEngine ? resolveBindSources(engine.containers ?? [], engine.volumes) : undefined,
  };
  // Follow what the configuration refers to (a --config-file, TLS files, unix sockets), twice for chains.
  for (let i = 0; i < 2; i++) {
    const more = referencedPaths(facts);
    if (more.length === 0) break;
    readFiles(fs, more, files);
    facts = { ...facts, files };
  }
  notes.push(...unreadableNotes(files));

  const analyzers = [...(opts.analyzers ?? DEFAULT_ANALYZERS), ...(engine.volumes?.length ? [volumeAnalyzer(volumesByName(engine.volumes))] : [])];
  const result = runChecks(facts, { analyzers: guarded(analyzers, notes) });
  const findings = sortFindings(applySuppressions(result.findings, opts.config, now(), notes));
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    else counts[f.severity]++;
  }
  const exposing = findings.filter((f) => !f.suppressed && EXPOSURE.has(f.ruleId));
  const exposures = exposing.length;
  const routes = exposing.map((f) => `${f.ruleId} ${f.target}`);
  const containers = engine.containers?.length ?? 0;
  const na = result.notApplicable;
  const verdict = !result.dockerPresent
    ? `no Docker engine found on this host${fs.live ? '' : ` (root ${root})`}: ${exposures === 0 ? 'nothing exposed' : `${exposures} exposure(s) found`}; ${na.length} checks not applicable`
    : `${exposures === 0 ? 'the Docker API is not exposed by any route found' : `the Docker API is exposed by ${exposures} route(s)`}; `
      + `${findings.length - suppressed} finding(s) (${SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ') || 'none'})`
      + `${suppressed ? `, ${suppressed} suppressed` : ''}; ${containers} container(s) checked; ${na.length} checks not applicable`;
  const rules: RuleInfo[] = [...new Set(findings.map((f) => f.ruleId))].map((id) => ruleInfo(id)).filter((r): r is RuleInfo => !!r);
  const report: Report = {
    tool: 'audit', toolVersion: opts.toolVersion ?? '0.0.0', startedAt, finishedAt: now().toISOString(),
    findings, rules, notes: [...notes, ...(na.length ? [`not applicable here: ${na.join(', ')}`] : [])],
  };
  const summary: AuditSummary = { dockerPresent: result.dockerPresent, engine: engine.endpoint, containers, counts, suppressed, exposures, routes, notApplicable: na, verdict };
  opts.events?.emit('audit.run.finished', { host: hostname(), counts, suppressed, exposures, verdict });
  return { report, summary, facts };
}

/**
 * Keep only findings at least `min` severe for output (--min-severity); the summary keeps the full counts and says
 * how many were left out, so a filtered report never reads as a cleaner host.
 */
export function filterBySeverity(result: Pick<AuditResult, 'report' | 'summary'>, min: Severity | undefined): Pick<AuditResult, 'report' | 'summary'> {
  if (!min) return result;
  const findings = result.report.findings.filter((f) => atLeast(f.severity, min));
  return { report: { ...result.report, findings }, summary: { ...result.summary, minSeverity: min, hidden: result.report.findings.length - findings.length } };
}

/** Exit decision for --fail-on: true when an unsuppressed finding is at least `threshold`. */
export function failsOn(findings: readonly Finding[], threshold: Severity | undefined): boolean {
  if (!threshold) return false;
  return findings.some((f) => !f.suppressed && atLeast(f.severity, threshold));
}
