// Container checks over `docker inspect` documents, stopped containers included: the Docker socket reached
// through a bind (by path, through /run or a parent directory, or a renamed file with the same inode), plus any
// analyzers the caller plugs in (the core risk analysis for PCL-CFG, the detection rules for PCL-MIN/TTP).
import type { Evidence, Finding } from '../report/finding.js';
import type { HostFacts } from './facts.js';
import type { FindingSet } from './finding-set.js';

export type Inspect = Record<string, unknown>;

/** Extra per-container analysis (risk analysis, detection rules), given the inspect document and the target name. */
export type ContainerAnalyzer = (inspect: Inspect, target: string) => readonly Finding[];

interface BindRef { source: string; destination: string; field: string }

function binds(c: Inspect): BindRef[] {
  const out: BindRef[] = [];
  const hc = (c.HostConfig ?? {}) as Inspect;
  (Array.isArray(hc.Binds) ? hc.Binds : []).forEach((b: unknown, i: number) => {
    if (typeof b !== 'string') return;
    const [source, destination] = b.split(':');
    if (source && source.startsWith('/')) out.push({ source, destination: destination ?? '', field: `HostConfig.Binds[${i}]` });
  });
  (Array.isArray(hc.Mounts) ? hc.Mounts : []).forEach((m: unknown, i: number) => {
    const mm = m as Inspect;
    if (mm && mm.Type === 'bind' && typeof mm.Source === 'string') out.push({ source: mm.Source, destination: String(mm.Target ?? ''), field: `HostConfig.Mounts[${i}]` });
  });
  return out;
}

/** Collapse //, trailing / and the /var/run -> /run symlink every distribution ships. */
export function canonicalHostPath(p: string): string {
  let s = p.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  if (s === '/var/run' || s.startsWith('/var/run/')) s = s.slice(4);
  return s;
}

/** Short display name of a container: "name (id12)". */
export function containerTarget(c: Inspect): string {
  const name = String(c.Name ?? '').replace(/^\//, '');
  const id = String(c.Id ?? '').slice(0, 12);
  return name ? `container ${name} (${id})` : `container ${id}`;
}

export function containerState(c: Inspect): string {
  const st = (c.State ?? {}) as Inspect;
  return typeof st.Status === 'string' ? st.Status : st.Running ? 'running' : 'stopped';
}

function socketMatch(facts: HostFacts, b: BindRef, sockets: readonly string[]): string | undefined {
  const src = canonicalHostPath(b.source);
  const canon = sockets.map(canonicalHostPath);
  if (canon.includes(src)) return `the bind source is the daemon socket ${b.source}`;
  const fact = facts.bindSources?.[b.source];
  if (fact?.realpath && canon.includes(canonicalHostPath(fact.realpath))) return `the bind source resolves to the daemon socket ${fact.realpath}`;
  if (fact?.stat) {
    for (const s of sockets) {
      const st = facts.files[s]?.stat;
      if (st && st.kind === 'socket' && st.ino === fact.stat.ino && st.dev === fact.stat.dev) {
        return `the bind source ${b.source} is the same file (inode ${st.ino}) as the daemon socket ${s}`;
      }
    }
    if (fact.stat.kind === 'socket' && /docker/.test(b.source)) return `the bind source ${b.source} is a socket named like Docker's`;
  }
  if (/(^|\/)docker\.sock$/.test(src)) return `the bind source ${b.source} is named docker.sock`;
  for (const s of canon) {
    if (src === '/' || s.startsWith(`${src}/`)) return `the bind source ${b.source} contains the daemon socket ${s}`;
  }
  return undefined;
}

/** Socket-mount checks on every container; returns the findings of the plugged-in analyzers separately. */
export function checkContainers(facts: HostFacts, sockets: readonly string[], set: FindingSet,
  analyzers: readonly ContainerAnalyzer[] = []): Finding[] {
  const extra: Finding[] = [];
  for (const c of facts.engine?.containers ?? []) {
    const target = containerTarget(c);
    const state = containerState(c);
    for (const b of binds(c)) {
      const why = socketMatch(facts, b, sockets);
      if (!why) continue;
      const ev: Evidence = { kind: 'field', location: `${target} ${b.field}`, value: `${b.source}:${b.destination}` };
      set.add('PCL-EXP-005', target, `${target} (${state}) can drive the engine: ${why}, mounted at ${b.destination}.`, [ev],
        { remediation: `Recreate ${target.replace(/^container /, '').split(' ')[0]} without the bind ${b.source}:${b.destination}; if it needs the API, give it a portcullis guard socket with a narrow role.` });
    }
    for (const a of analyzers) {
      for (const f of a(c, target)) extra.push(f.message.includes(state) ? f : { ...f, message: `${f.message} (${state})` });
    }
  }
  return extra;
}
