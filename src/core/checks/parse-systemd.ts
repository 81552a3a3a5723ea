// Reads systemd unit files and drop-ins the way systemd merges them: later drop-ins override earlier ones,
// an empty assignment (`ExecStart=`, `ListenStream=`) resets a list. Every value keeps its file and line.

export interface UnitEntry {
  readonly section: string;
  readonly key: string;
  readonly value: string;
  readonly path: string;
  readonly line: number;
}

/** Parse one unit file (comments, sections, backslash continuations). */
export function parseUnitFile(path: string, text: string): UnitEntry[] {
  const out: UnitEntry[] = [];
  const lines = text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = (lines[i] as string).trim();
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = `${line.slice(0, -1).trimEnd()} ${(lines[++i] as string).trim()}`;
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) { section = sec[1] as string; continue; }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), path, line: start + 1 });
  }
  return out;
}

/** Unit directories, highest priority first (as systemd searches them for system units). */
export const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system',
  '/lib/systemd/system', '/usr/lib/systemd/system'] as const;

/** User-unit directories (systemd --user), highest priority first, for a user's home ("~" replaced by it). */
export function userUnitDirs(home: string | undefined): string[] {
  return [...(home ? [`${home}/.config/systemd/user`] : []), '/etc/systemd/user', '/usr/local/lib/systemd/user',
    '/usr/lib/systemd/user', '/lib/systemd/user'];
}

/**
 * Merge a unit and its drop-ins (already ordered: main unit first, then drop-ins by file name).
 * Returns the effective entries of each key in `section`, with resets applied for list keys.
 */
export function effectiveEntries(files: readonly { path: string; text: string }[], section: string): Map<string, UnitEntry[]> {
  const out = new Map<string, UnitEntry[]>();
  for (const f of files) {
    for (const e of parseUnitFile(f.path, f.text)) {
      if (e.section !== section) continue;
      if (e.value === '') { out.set(e.key, []); continue; }
      out.set(e.key, [...(out.get(e.key) ?? []), e]);
    }
  }
  return out;
}

/**
 * Order a unit's files as systemd does: the main file from the highest-priority directory, then every
 * `<unit>.d/*.conf` sorted by file name, where a same-named drop-in in a higher-priority directory masks lower ones.
 */
export function orderUnitFiles(unit: string, present: readonly string[], dirs: readonly string[] = UNIT_DIRS): { main?: string; dropIns: string[] } {
  const set = new Set(present);
  const main = dirs.map((d) => `${d}/${unit}`).find((p) => set.has(p));
  const byName = new Map<string, string>();
  for (const d of [...dirs].reverse()) {
    const prefix = `${d}/${unit}.d/`;
    for (const p of present) {
      if (p.startsWith(prefix) && p.endsWith('.conf') && !p.slice(prefix.length).includes('/')) byName.set(p.slice(prefix.length), p);
    }
  }
  const dropIns = [...byName.keys()].sort().map((n) => byName.get(n) as string);
  return { main, dropIns };
}
