// Reads a dockerd command line (from /proc, a unit's ExecStart, DOCKER_OPTS) into DaemonSettings, accepting
// every spelling dockerd's pflag parser accepts: `-H x`, `-Hx`, `-H=x`, `--host=x`, `--tls=false`.
import type { Evidence } from '../report/finding.js';
import { BOOL_FLAGS, LIST_FLAGS, STRING_FLAGS, emptySettings, type DaemonSettings, type Setting } from './settings.js';

function parseBool(v: string): boolean | undefined {
  const s = v.toLowerCase();
  if (['1', 't', 'true'].includes(s)) return true;
  if (['0', 'f', 'false'].includes(s)) return false;
  return undefined;
}

/**
 * Parse dockerd arguments (without the program name). `where` builds the evidence for a given flag text.
 * @example parseDockerdArgs(['-H', 'tcp://0.0.0.0:2375'], (t) => ({ kind: 'flag', location: 'pid 1', value: t }))
 */
export function parseDockerdArgs(args: readonly string[], where: (text: string) => Evidence): DaemonSettings {
  const out = emptySettings();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) continue;
    let name = a;
    let inline: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) { name = a.slice(0, eq); inline = a.slice(eq + 1); }
    else if (!a.startsWith('--') && a.length > 2) {
      // Short flag with attached value: -Htcp://x or -H=tcp://x.
      name = a.slice(0, 2);
      inline = a.slice(2).replace(/^=/, '');
    }
    const boolKey = BOOL_FLAGS[name];
    if (boolKey) {
      const v = inline === undefined ? true : parseBool(inline);
      if (v !== undefined) out.bools[boolKey] = { value: v, evidence: where(a) };
      continue;
    }
    const key = STRING_FLAGS[name] ?? LIST_FLAGS[name];
    if (!key) continue;
    let value = inline;
    let text = a;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined) continue;
      value = next;
      text = `${a} ${next}`;
      i++;
    }
    const setting: Setting<string> = { value, evidence: where(text) };
    const listKey = LIST_FLAGS[name];
    if (listKey) (out.lists[listKey] ??= []).push(setting);
    else out.strings[STRING_FLAGS[name]!] = setting;
  }
  return out;
}

/** The daemon binary under the names distributions ship: RHEL/CentOS 7's docker package runs `dockerd-current`
 * (and `docker-current daemon` before 1.12), docker-ce 18.09 had `dockerd-ce`. */
const DOCKERD = /^dockerd(-current|-ce)?$/;

/** True when an argv looks like a Docker daemon (dockerd, or the legacy `docker daemon` / `docker -d`). */
export function isDockerdArgv(argv: readonly string[], comm = ''): boolean {
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  if (DOCKERD.test(prog) || DOCKERD.test(comm)) return true;
  if ((prog === 'docker' || prog === 'docker-current') && (argv[1] === 'daemon' || argv.includes('-d'))) return true;
  return false;
}
