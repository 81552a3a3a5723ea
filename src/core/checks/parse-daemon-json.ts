// Reads daemon.json into DaemonSettings with the line of every key and list element, so findings point at
// the exact line to change. dockerd refuses to start on invalid JSON; that is reported, not thrown.
import { jsonErrorOffset } from './json-error.js';
import { emptySettings, type BoolKey, type DaemonSettings, type ListKey, type StringKey } from './settings.js';

const BOOL_KEYS: readonly BoolKey[] = ['tls', 'tlsverify', 'live-restore', 'no-new-privileges', 'icc', 'experimental',
  'userland-proxy', 'selinux-enabled', 'iptables'];
const STRING_KEYS: readonly StringKey[] = ['tlscacert', 'tlscert', 'tlskey', 'userns-remap', 'log-driver',
  'seccomp-profile', 'log-level', 'data-root'];
const LIST_KEYS: readonly ListKey[] = ['hosts', 'authorization-plugins', 'insecure-registries'];

export interface ParsedDaemonJson {
  readonly settings: DaemonSettings;
  /** Top-level object as parsed (other keys, e.g. log-opts, default-ulimits). */
  readonly raw: Record<string, unknown>;
  /** Set when the file is not valid JSON (dockerd would not start). */
  readonly error?: { readonly message: string; readonly line: number };
}

function lineOf(lines: readonly string[], needle: RegExp, from = 0): number {
  for (let i = from; i < lines.length; i++) if (needle.test(lines[i] as string)) return i + 1;
  return from + 1;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parse daemon.json text; `path` is used in evidence. */
export function parseDaemonJson(path: string, text: string): ParsedDaemonJson {
  const out = emptySettings();
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const at = jsonErrorOffset(text) ?? 0;
    const line = text.slice(0, at).split('\n').length;
    return { settings: out, raw: {}, error: { message: msg, line } };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: out, raw: {}, error: { message: 'the top level is not a JSON object', line: 1 } };
  }
  const obj = raw as Record<string, unknown>;
  const lines = text.split('\n');
  const keyLine = (k: string) => lineOf(lines, new RegExp(`"${escapeRe(k)}"\\s*:`));
  const ev = (k: string, line: number, value: unknown) =>
    ({ kind: 'file' as const, location: path, line, value: `"${k}": ${JSON.stringify(value)}` });
  for (const k of BOOL_KEYS) {
    const v = obj[k];
    if (typeof v === 'boolean') out.bools[k] = { value: v, evidence: ev(k, keyLine(k), v) };
  }
  for (const k of STRING_KEYS) {
    const v = obj[k];
    if (typeof v === 'string') out.strings[k] = { value: v, evidence: ev(k, keyLine(k), v) };
  }
  for (const k of LIST_KEYS) {
    const v = obj[k];
    const items = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    if (items.length === 0) continue;
    const start = keyLine(k);
    out.lists[k] = items.map((item) => {
      const line = lineOf(lines, new RegExp(escapeRe(JSON.stringify(item))), start - 1);
      return { value: item, evidence: { kind: 'file' as const, location: path, line, value: `"${k}": ${JSON.stringify(item)}` } };
    });
  }
  return { settings: out, raw: obj };
}
