// `portcullis trap`: argv and wiring for the trap front end (the emulated engine, its event file and store
// sinks, privilege drop, Ctrl-C) and `portcullis trap report` (summary, STIX 2.1 and MISP exports).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';
import type { EventSink, PortcullisEvent } from '../../core/events/index.js';
import { JsonLinesFileSink, StoreSink } from '../../core/events/sinks/index.js';
import { openStore } from '../../core/store/index.js';
import type { Store } from '../../core/store/store.js';
import {
  parseTrapConfig, parseTrapConfigYaml, renderTrapText, startTrap, summariseTrapEvents, toMispEvent, toStixBundle, type TrapConfig,
} from '../../honeypot/index.js';
import { VERSION } from '../version.js';

interface TrapFlags {
  listen?: string; config?: string; events?: string; store: string | boolean; sensor?: string; engineVersion?: string;
  apiVersion?: string; ncpu?: string; memTotal?: string; hostname?: string; user?: string; quiet?: boolean;
}

interface ReportFlags { events?: string | string[]; store: string | boolean; format: string; output?: string; since?: string }

/** `user[:group]` to ids via /etc/passwd (and /etc/group); the user's primary group unless one is named. */
function lookupUser(spec: string): { uid: number; gid: number } {
  const [user = '', group] = spec.split(':');
  const pw = readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === user || f[2] === user);
  if (!pw) throw new Error(`no such user ${user} in /etc/passwd`);
  let gid = Number(pw[3]);
  if (group) {
    const gr = readFileSync('/etc/group', 'utf8').split('\n').map((l) => l.split(':')).find((f) => f[0] === group || f[2] === group);
    if (!gr) throw new Error(`no such group ${group} in /etc/group`);
    gid = Number(gr[2]);
  }
  return { uid: Number(pw[2]), gid };
}

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new PortcullisError('PCL_ERR_CLI_USAGE', `--${name} must be a positive integer (got "${v}")`);
  return n;
}

function loadConfig(flags: TrapFlags): TrapConfig {
  let base: Record<string, unknown> = {};
  if (flags.config) {
    let text: string;
    try {
      text = readFileSync(flags.config, 'utf8');
    } catch (err) {
      throw new PortcullisError('PCL_ERR_CONFIG_UNREADABLE', `cannot read --config ${flags.config}: ${(err as Error).message}`, { cause: err });
    }
    base = { ...parseTrapConfigYaml(text) };
  }
  const engine = { ...(base.engine as Record<string, unknown> | undefined) };
  if (flags.engineVersion) { engine.version = flags.engineVersion; if (!flags.apiVersion) delete engine.apiVersion; }
  if (flags.apiVersion) engine.apiVersion = flags.apiVersion;
  if (flags.ncpu) engine.ncpu = int('ncpu', flags.ncpu);
  if (flags.memTotal) engine.memTotal = int('mem-total', flags.memTotal);
  if (flags.hostname) engine.hostname = flags.hostname;
  return parseTrapConfig({ ...base, engine, ...(flags.listen ? { listen: flags.listen } : {}), ...(flags.sensor ? { sensor: flags.sensor } : {}) });
}

async function runTrap(flags: TrapFlags): Promise<void> {
  const cfg = loadConfig(flags);
  const warn = (m: string, err?: unknown) => process.stderr.write(`portcullis trap: ${m}${err ? `: ${(err as Error).message ?? String(err)}` : ''}\n`);
  const sinks: EventSink[] = [];
  let store: Store | undefined;
  // Sinks open before privileges are dropped, so the trap user needs no write access to their paths.
  if (flags.events) sinks.push(new JsonLinesFileSink(flags.events, { mode: 0o640 }));
  if (flags.store !== false) {
    store = await openStore(typeof flags.store === 'string' ? flags.store : undefined);
    sinks.push(new StoreSink(store, { onError: (err: unknown) => warn('store write failed', err) }));
  }
  if (sinks.length === 0) throw new PortcullisError('PCL_ERR_CLI_USAGE', 'nothing would record the attacks: give --events FILE or keep the store (drop --no-store)');
  // An internet-facing sensor must outlive a bug in one emulated endpoint: log it and keep listening.
  const onCrash = (err: unknown) => warn('internal error, trap kept running', err);
  process.on('uncaughtException', onCrash);
  let trap;
  try {
    trap = await startTrap({ cfg, sinks, warn });
  } catch (err) {
    throw new PortcullisError('PCL_ERR_TRAP_LISTEN', `cannot listen on ${cfg.listen}: ${(err as Error).message}; choose a free port (ports below 1024 need CAP_NET_BIND_SERVICE)`, { cause: err });
  }
  if (flags.user && process.getuid?.() === 0) {
    // Bind first, then give up root: the trap needs no privilege to emulate anything.
    try {
      const { uid, gid } = lookupUser(flags.user);
      process.setgroups?.([gid]);
      process.setgid?.(gid);
      process.setuid?.(uid);
    } catch (err) {
      await trap.close();
      throw new PortcullisError('PCL_ERR_TRAP_PRIVILEGES', `cannot drop privileges to --user ${flags.user}: ${(err as Error).message}`, { cause: err });
    }
  } else if (process.getuid?.() === 0) {
    warn('running as root; the trap needs no privileges: run it as an unprivileged user, or pass --user nobody');
  }
  if (!flags.quiet) {
    process.stderr.write(`portcullis trap: posing as Docker ${cfg.engine.version} (API ${cfg.engine.apiVersion}) on ${trap.host}:${trap.port}, sensor ${cfg.sensor}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await trap.close();
  for (const s of sinks) await s.close?.();
  await store?.close();
  process.off('uncaughtException', onCrash);
}

function readEventsFile(path: string): PortcullisEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PortcullisError('PCL_ERR_TRAP_EVENTS_FILE', `cannot read --events ${path}: ${(err as Error).message}`, { cause: err });
  }
  const out: PortcullisEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as PortcullisEvent;
      if (typeof e.eventid === 'string' && e.eventid.startsWith('trap.')) out.push(e);
    } catch {
      // A torn last line (trap still writing) is skipped, not fatal.
    }
  }
  return out;
}

export const TRAP_REPORT_FORMATS = ['text', 'json', 'stix', 'misp'] as const;

async function runReport(flags: ReportFlags): Promise<void> {
  if (!(TRAP_REPORT_FORMATS as readonly string[]).includes(flags.format)) {
    throw new PortcullisError('PCL_ERR_REPORT_FORMAT', `unknown --format ${flags.format}; use one of ${TRAP_REPORT_FORMATS.join(', ')}`);
  }
  let events: PortcullisEvent[] = [];
  const files = typeof flags.events === 'string' ? [flags.events] : flags.events ?? [];
  if (files.length) {
    for (const f of files) events.push(...readEventsFile(f));
  } else if (flags.store !== false) {
    const store = await openStore(typeof flags.store === 'string' ? flags.store : undefined);
    try {
      events = await store.queryEvents({ prefix: 'trap.', ...(flags.since ? { since: flags.since } : {}) });
    } finally {
      await store.close();
    }
  } else {
    throw new PortcullisError('PCL_ERR_CLI_USAGE', 'nothing to report from: give --events FILE or keep the store');
  }
  if (flags.since) events = events.filter((e) => e.timestamp >= (flags.since ?? ''));
  const summary = summariseTrapEvents(events);
  const now = new Date().toISOString();
  const text = flags.format === 'text' ? renderTrapText(summary)
    : `${JSON.stringify(flags.format === 'stix' ? toStixBundle(summary, { now, productVersion: VERSION })
      : flags.format === 'misp' ? toMispEvent(summary, { now }) : summary, null, 2)}\n`;
  if (flags.output) writeFileSync(flags.output, text);
  else process.stdout.write(text);
}

export function registerTrap(program: Command): void {
  const trap = program
    .command('trap')
    .summary('pose as an exposed Docker API and record what attackers do')
    .description('Run an emulated Docker Engine API (a honeypot) that never executes or fetches anything it is sent. '
      + 'Every request, pulled image, created container, exec, upload, shell command and indicator becomes an event '
      + '(--events FILE as JSON lines, and the store). Listens on 127.0.0.1:2375 unless --listen says otherwise. See docs/TRAP.md.')
    .option('-l, --listen <host:port>', 'address to listen on (0.0.0.0:2375 to face the internet)')
    .option('-c, --config <file>', 'YAML config: engine version, decoy containers and images, limits')
    .option('-e, --events <file>', 'append events as JSON lines to this file')
    .option('--store <path>', 'store file (default: $PORTCULLIS_STORE or ~/.local/share/portcullis/portcullis.db)')
    .option('--no-store', 'do not write events to the store')
    .option('--sensor <name>', 'sensor name carried by every event')
    .option('--engine-version <v>', 'Docker version to pose as (e.g. 24.0.7, 20.10.24, 27.3.1)')
    .option('--api-version <v>', 'API version to advertise (default: the one of --engine-version)')
    .option('--ncpu <n>', 'CPU count /info reports')
    .option('--mem-total <bytes>', 'memory /info reports')
    .option('--hostname <name>', 'host name /info reports')
    .option('--user <user[:group]>', 'when started as root, drop to this user (and its group) after binding')
    .option('-q, --quiet', 'no start-up line on stderr')
    .action(runTrap);
  trap
    .command('report')
    .description('Summarise recorded trap sessions and indicators, or export them as a STIX 2.1 bundle or a MISP event.')
    .argument('[files...]', 'JSON-lines event files to read instead of the store (same as --events)')
    .option('-e, --events <files...>', 'read these JSON-lines event files instead of the store')
    .option('--store <path>', 'store file to read')
    .option('--no-store', 'read only --events files')
    .option('-f, --format <format>', `output: ${TRAP_REPORT_FORMATS.join(', ')}`, 'text')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--since <time>', 'only events at or after this RFC 3339 time')
    // commander lets `trap` claim --events/--store even after `report`: read the merged options.
    .action((files: string[], _o: ReportFlags, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ReportFlags>();
      const given = typeof flags.events === 'string' ? [flags.events] : flags.events ?? [];
      return runReport({ ...flags, events: [...given, ...files] });
    });
}
