// Reads shell-style environment files (/etc/default/docker, /etc/sysconfig/docker, systemd EnvironmentFile=)
// and splits option variables (DOCKER_OPTS, OPTIONS) into words the way the init scripts expand them.
import { parse as shellParse } from 'shell-quote';

export interface EnvAssignment {
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

/** Parse `NAME=value` / `export NAME="value"` lines; comments and blank lines are skipped. */
export function parseEnvFile(text: string): EnvAssignment[] {
  const out: EnvAssignment[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) return;
    const words = splitWords(m[2] as string);
    out.push({ name: m[1] as string, value: words.join(' '), line: i + 1 });
  });
  return out;
}

/** Split a shell string into words; variable references are dropped (they are audited at their own source). */
export function splitWords(s: string): string[] {
  const marker = '\u0000';
  return shellParse(s, (k: string) => `${marker}${k}`)
    .filter((w): w is string => typeof w === 'string')
    .filter((w) => !w.startsWith(marker));
}
