// Public entry of the host/daemon audit checks: run every check over collected HostFacts (pure), and tell the
// collector which further files the configuration refers to (--config-file, TLS files, socket paths).
import type { Finding } from '../report/finding.js';
import { AUDIT_RULES } from '../rules/catalogue/audit.js';
import { daemonContexts, judgedContexts, type DaemonContext } from './contexts.js';
import { checkContainers, type ContainerAnalyzer } from './containers.js';
import { checkDaemon } from './daemon.js';
import { checkExposure } from './exposure.js';
import { checkClientEnv } from './client-env.js';
import type { HostFacts } from './facts.js';
import { checkFiles, daemonSocketPaths } from './files.js';
import { FindingSet } from './finding-set.js';
import { parseUnitFile } from './parse-systemd.js';
import { checkTls, tlsFiles } from './tls.js';

export type { HostFacts, FileFact, FileStat, ListenFact, ProcessFact, EngineFacts, BindSourceFact, ContainerTop } from './facts.js';
export { checkCisContainer, isRootUser, isSshd } from './cis-containers.js';
export type { ContainerAnalyzer, Inspect } from './containers.js';
export type { DaemonContext } from './contexts.js';
export { daemonContexts, DEFAULT_DAEMON_JSON, ENV_FILES } from './contexts.js';
export { containerTarget, containerState, canonicalHostPath, bindsOf, volumesByName, volumeBindDevice } from './containers.js';
export { parseUnitFile, UNIT_DIRS } from './parse-systemd.js';
export { parseProcNetTcp, parseProcNetUnix, isLoopback } from './parse-proc-net.js';
export { parseDaemonHost, parseListenStream } from './hosts.js';
export { SOCKET_PATHS, daemonSocketPaths } from './files.js';
export { CLIENT_ENV_FILES } from './client-env.js';
export { userUnitDirs } from './parse-systemd.js';
export { environmentFiles } from './unit-env.js';

export interface CheckResult {
  readonly findings: readonly Finding[];
  /** Is there a Docker daemon here at all (running, installed, configured or reachable)? */
  readonly dockerPresent: boolean;
  /** Audit rule ids that could not apply here (no engine, no process table, no TLS), for the summary. */
  readonly notApplicable: readonly string[];
  readonly contexts: readonly DaemonContext[];
}

export interface CheckOptions {
  /** Per-container analyzers (risk analysis, detection rules). */
  readonly analyzers?: readonly ContainerAnalyzer[];
}

/** Paths the configuration refers to that the collector should read next (config files, TLS files, sockets). */
export function referencedPaths(facts: HostFacts): string[] {
  const contexts = daemonContexts(facts);
  const out = new Set<string>();
  for (const c of contexts) {
    out.add(c.configPath);
    const s = c.settings;
    const usesTls = s.bools.tls?.value === true || s.bools.tlsverify !== undefined || c.envTlsVerify !== undefined
      || s.strings.tlscert !== undefined || s.strings.tlscacert !== undefined || s.strings.tlskey !== undefined;
    if (usesTls) for (const t of tlsFiles(c)) out.add(t.path);
  }
  for (const s of daemonSocketPaths(contexts)) out.add(s);
  // EnvironmentFile= of docker.service (system and user units) may name any file: it holds dockerd options.
  for (const f of Object.values(facts.files)) {
    if (f.content === undefined || !/\/docker\.service(\.d\/[^/]+\.conf)?$/.test(f.path)) continue;
    for (const e of parseUnitFile(f.path, f.content)) {
      const home = /^(.*)\/\.config\/systemd\/user\//.exec(f.path)?.[1];
      if (e.section === 'Service' && e.key === 'EnvironmentFile') {
        for (const w of e.value.split(/\s+/)) out.add(w.replace(/^-/, '').replace(/^%h(?=\/)/, home ?? '%h'));
      }
    }
  }
  return [...out].filter((p) => p.startsWith('/') && !(p in facts.files));
}

/**
 * Run every host, daemon, file and container check.
 * @example const { findings } = runChecks(facts, { analyzers: [riskAnalyzer] })
 */
export function runChecks(facts: HostFacts, options: CheckOptions = {}): CheckResult {
  const set = new FindingSet();
  const contexts = daemonContexts(facts);
  const sockets = daemonSocketPaths(contexts);
  const socketPresent = sockets.some((s) => facts.files[s]?.stat !== undefined);
  const engineUp = facts.engine !== undefined && !facts.engine.absent && !facts.engine.error;
  const dockerPresent = contexts.length > 0 || engineUp || socketPresent;
  checkExposure(facts, contexts, set);
  checkTls(facts, contexts, set);
  checkClientEnv(facts, set);
  if (dockerPresent) {
    const engineRoot = typeof facts.engine?.info?.DockerRootDir === 'string' ? facts.engine.info.DockerRootDir : undefined;
    const judged = judgedContexts(contexts, engineRoot);
    if (judged.length === 0) checkDaemon(facts, undefined, set);
    for (const { ctx, engine } of judged) checkDaemon(facts, ctx, set, engine);
    // An engine reached over the API whose daemon is not on this host (remote --docker-host) is judged alone.
    if (facts.engine?.info && !judged.some((j) => j.engine)) checkDaemon(facts, undefined, set);
  }
  checkFiles(facts, contexts, set);
  const extra = checkContainers(facts, sockets, set, options.analyzers ?? []);
  const na = new Set<string>();
  if (!dockerPresent) for (const r of AUDIT_RULES) if (r.id.startsWith('PCL-DMN')) na.add(r.id);
  if (!engineUp) na.add('PCL-EXP-005').add('PCL-DMN-011');
  // sshd (PCL-CFG-042) is seen only in the processes of running containers, which the collector may not have read.
  if (!engineUp || facts.engine?.top === undefined) na.add('PCL-CFG-042');
  if (facts.processes === undefined) na.add('PCL-EXP-003');
  if (!contexts.some((c) => c.settings.bools.tls || c.settings.bools.tlsverify || c.envTlsVerify)) {
    for (const id of ['PCL-EXP-007', 'PCL-EXP-008', 'PCL-EXP-009', 'PCL-EXP-010', 'PCL-FIL-004', 'PCL-FIL-005']) na.add(id);
  }
  if (!dockerPresent) for (const id of ['PCL-EXP-006', 'PCL-FIL-001', 'PCL-FIL-002', 'PCL-FIL-003', 'PCL-FIL-006', 'PCL-FIL-007']) na.add(id);
  const own = set.list();
  // The socket check here resolves the bind source on the host (inode, /run parents); the generic path rule
  // (PCL-CFG-015) says the same thing with less, so it is dropped where PCL-EXP-005 fired for the container.
  const socketTargets = new Set(own.filter((f) => f.ruleId === 'PCL-EXP-005').map((f) => f.target));
  const findings = [...own, ...extra.filter((f) => !(f.ruleId === 'PCL-CFG-015' && socketTargets.has(f.target)))];
  return { findings, dockerPresent, notApplicable: [...na].sort(), contexts };
}
