// The environment a systemd service starts with: Environment= assignments and EnvironmentFile= files (in order,
// later wins), each value with its file and line, and $VAR / ${VAR} expansion of ExecStart as systemd does it.
import type { Evidence } from '../report/finding.js';
import type { HostFacts } from './facts.js';
import { parseEnvFile, splitWords } from './parse-env-file.js';
import type { UnitEntry } from './parse-systemd.js';

export interface EnvValue {
  readonly name: string;
  readonly value: string;
  readonly evidence: Evidence;
  /** The EnvironmentFile= line that pulled the value in (when it came from a file). */
  readonly via?: Evidence;
}

/** Paths named by EnvironmentFile= (a leading "-" means "ignore if missing"). */
export function environmentFiles(svc: ReadonlyMap<string, readonly UnitEntry[]>): { path: string; entry: UnitEntry }[] {
  return (svc.get('EnvironmentFile') ?? []).flatMap((e) => splitWords(e.value).map((w) => ({ path: w.replace(/^-/, ''), entry: e })))
    .filter((f) => f.path.startsWith('/'));
}

/** Every variable the service's environment sets, in the order systemd applies them. */
export function unitEnvironment(facts: HostFacts, svc: ReadonlyMap<string, readonly UnitEntry[]>, home?: string): EnvValue[] {
  const out: EnvValue[] = [];
  const entries = [...(svc.get('Environment') ?? []), ...(svc.get('EnvironmentFile') ?? [])]
    .sort((a, b) => (a.path === b.path ? a.line - b.line : 0));
  for (const e of entries) {
    if (e.key === 'Environment') {
      for (const w of splitWords(e.value)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
        if (m) out.push({ name: m[1] as string, value: m[2] as string, evidence: { kind: 'file', location: e.path, line: e.line, value: w } });
      }
      continue;
    }
    for (const w of splitWords(e.value)) {
      // %h is the user's home in a user unit (systemd specifiers); other specifiers are left as they are.
      const path = w.replace(/^-/, '').replace(/^%h(?=\/)/, home ?? '%h');
      const text = facts.files[path]?.content;
      if (text === undefined) continue;
      const via: Evidence = { kind: 'file', location: e.path, line: e.line, value: `EnvironmentFile=${w}` };
      for (const a of parseEnvFile(text)) {
        out.push({ name: a.name, value: a.value, via, evidence: { kind: 'file', location: path, line: a.line, value: `${a.name}=${a.value}` } });
      }
    }
  }
  return out;
}

/**
 * Expand $VAR and ${VAR} in an ExecStart line. A bare $VAR is split into words (systemd's rule), ${VAR} stays one
 * word; each produced word keeps the evidence of the variable it came from.
 */
export function expandExec(exec: string, env: readonly EnvValue[]): { word: string; from?: EnvValue }[] {
  const last = new Map(env.map((e) => [e.name, e]));
  const out: { word: string; from?: EnvValue }[] = [];
  for (const raw of exec.split(/\s+/).filter(Boolean)) {
    const whole = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(raw);
    if (whole) {
      const v = last.get(whole[1] as string);
      if (v) for (const w of splitWords(v.value)) out.push({ word: w, from: v });
      continue;
    }
    const word = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, n: string) => last.get(n)?.value ?? '');
    for (const w of splitWords(word)) out.push({ word: w });
  }
  return out;
}
