// `portcullis scan`: argv and wiring for the scan front end (targets, formats, store, Ctrl-C, exit codes).
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';
import { EventLog, type EventSink } from '../../core/events/index.js';
import { JsonLinesFileSink, StoreSink } from '../../core/events/sinks/index.js';
import type { Store } from '../../core/store/store.js';
import { executeScan, SCAN_FORMATS, type ScanFormat } from '../../scanner/index.js';
import { EXIT } from '../exit-codes.js';
import { VERSION } from '../version.js';

interface ScanFlags {
  ports: string;
  exclude: string[];
  concurrency: string;
  rate: string;
  timeout: string;
  connectTimeout?: string;
  retries: string;
  deep?: boolean;
  format?: string;
  output?: string;
  all?: boolean;
  yes?: boolean;
  store: string | boolean;
  events?: string;
}

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new PortcullisError('PCL_ERR_CLI_USAGE', `--${name} must be an integer >= ${min} (got "${v}")`);
  return n;
}

function openOutput(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const s = createWriteStream(path);
    s.once('open', () => resolve(s));
    s.once('error', (err) => reject(new PortcullisError('PCL_ERR_SCAN_OUTPUT', `cannot write --output ${path}: ${err.message}`, { cause: err })));
  });
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .summary('find exposed Docker APIs across hosts and ranges')
    .description('Find exposed Docker Engine APIs. Targets: addresses, CIDRs, ranges (a-b), host names, host:port, '
      + '@file, - (stdin). Only GET and HEAD are ever sent. Exit codes: 0 none exposed, 1 exposed found, '
      + '2 error (bad usage, or an endpoint ended in state "error"), 130 interrupted (partial results written). See docs/SCAN.md.')
    .argument('<targets...>', 'what to scan')
    .option('-p, --ports <list>', 'ports, ranges and named sets (docker, docker-all)', '2375,2376')
    .option('-x, --exclude <targets>', 'targets to skip, comma-separated and repeatable (same syntax, @file allowed)',
      (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('-c, --concurrency <n>', 'endpoints probed at once', '512')
    .option('--rate <n>', 'new endpoints per second at most (0 = unlimited)', '0')
    .option('-t, --timeout <ms>', 'per-request (and default connect) timeout in milliseconds', '3000')
    .option('--connect-timeout <ms>', 'TCP connect timeout in milliseconds (default: --timeout)')
    .option('--retries <n>', 'extra connect attempts when a connect times out', '1')
    .option('--deep', 'on exposed daemons, list containers, images and /info (read-only) and flag signs of compromise')
    .option('-f, --format <format>', `output format: ${SCAN_FORMATS.join(', ')} (default: table on a terminal, else json)`)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--all', 'also list closed and filtered endpoints (they are always counted)')
    .option('-y, --yes', 'confirm a scan of more than 1,048,576 endpoints (e.g. a /8)')
    .option('--store <path>', 'store file (default: $PORTCULLIS_STORE or ~/.local/share/portcullis/portcullis.db)')
    .option('--no-store', 'do not save results (and do not compare with the previous scan)')
    .option('--events <file>', 'append scan events (scan.run.started, scan.endpoint.classified, ...) as JSON lines')
    .action(async (targets: string[], flags: ScanFlags) => {
      const format = (flags.format ?? (process.stdout.isTTY && !flags.output ? 'table' : 'json')) as ScanFormat;
      if (!(SCAN_FORMATS as readonly string[]).includes(format)) {
        throw new PortcullisError('PCL_ERR_REPORT_FORMAT', `--format ${format} is unknown for scan: use ${SCAN_FORMATS.join(', ')}`);
      }
      const opts = {
        concurrency: int('concurrency', flags.concurrency, 1), rate: int('rate', flags.rate, 0),
        timeoutMs: int('timeout', flags.timeout, 1), retries: int('retries', flags.retries, 0),
        ...(flags.connectTimeout !== undefined ? { connectTimeoutMs: int('connect-timeout', flags.connectTimeout, 1) } : {}),
      };
      const out = flags.output ? await openOutput(flags.output) : process.stdout;
      let store: Store | undefined;
      // The store (SQLite, and pg for fleet mode) is loaded only when used: --no-store sweeps start faster.
      if (flags.store !== false) {
        const { openStore } = await import('../../core/store/index.js');
        store = await openStore(typeof flags.store === 'string' ? flags.store : undefined);
      }
      const controller = new AbortController();
      let interrupts = 0;
      // First Ctrl-C stops the scan and flushes what was judged; a second one leaves at once.
      const onSigint = () => { if (++interrupts > 1) process.exit(EXIT.interrupted); controller.abort(); };
      process.on('SIGINT', onSigint);
      const sinks: EventSink[] = [];
      if (flags.events) sinks.push(new JsonLinesFileSink(flags.events));
      if (store) sinks.push(new StoreSink(store));
      const events = new EventLog({ sinks, onSinkError: (s, err) => process.stderr.write(`scan: event sink ${s.name}: ${String(err)}\n`) }, { tool: 'scan' });
      try {
        const { summary } = await executeScan({
          targets, exclude: flags.exclude, ports: flags.ports, ...opts, deep: !!flags.deep, format, all: !!flags.all, yes: !!flags.yes, toolVersion: VERSION,
        }, { stdin: process.stdin, out, progress: process.stderr, signal: controller.signal, events, ...(store ? { store } : {}) });
        process.exitCode = summary.interrupted ? EXIT.interrupted
          : summary.exposed > 0 ? EXIT.found
            : summary.byState.error > 0 ? EXIT.error : EXIT.ok;
      } finally {
        process.off('SIGINT', onSigint);
        for (const s of sinks) await s.close?.();
        await store?.close();
        if (out !== process.stdout) await new Promise<void>((r) => (out as WriteStream).end(() => r()));
      }
    });
}
