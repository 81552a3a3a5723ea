// `portcullis watch`: argv and wiring for the watcher (engine, analyzer, response policy, sinks, store).
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { EngineClient, resolveDockerHost } from '../../core/engine/index.js';
import { PortcullisError } from '../../core/errors/index.js';
import { EventLog, type EventSink, type PortcullisEvent } from '../../core/events/index.js';
import { SEVERITIES, type Severity } from '../../core/report/finding.js';
import { openStore } from '../../core/store/index.js';
import { JsonLinesFileSink, StoreSink, StreamSink } from '../../core/events/sinks/index.js';
import { createCoreAnalyzer } from '../../watcher/core-analyzer.js';
import { formatAlertLine } from '../../watcher/alert-line.js';
import { DEFAULT_POLICY, parseResponseSpecs } from '../../watcher/response-policy.js';
import { Watcher } from '../../watcher/watcher.js';
import { WebhookSink } from '../../watcher/webhook-sink.js';
import { EXIT } from '../exit-codes.js';

const collect = (v: string, prev: string[]) => [...prev, v];

interface WatchFlags {
  dockerHost?: string;
  respond: string[];
  allowImage: string[];
  allowLabel: string[];
  minSeverity: string;
  dryRun?: boolean;
  sampleInterval: string;
  cpuCores: string;
  cpuSamples: string;
  events?: string;
  format: string;
  webhook?: string;
  store?: string | false;
  duration?: string;
  once?: boolean;
}

function positiveNumber(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new PortcullisError('PCL_ERR_CLI_USAGE', `${name} must be a number of seconds >= 0, got "${v}"`);
  return n;
}

/** A sink writing the human line for alerts and responses (terminal). */
function humanSink(stream: NodeJS.WriteStream): EventSink {
  return {
    name: 'terminal',
    write(e: PortcullisEvent) {
      if (e.eventid === 'watch.alert.raised') stream.write(`${formatAlertLine(e, Boolean(stream.isTTY))}\n`);
    },
  };
}

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .summary('follow an engine, detect miners and the campaigns\' tactics, and respond')
    .description('Follow a Docker engine\'s events, detect miners and the mining campaigns\' tactics, and respond.\n\n'
      + 'Reviews every existing container at start, then inspects each container create/start, exec, image pull and '
      + 'archive upload as it happens, and samples running containers\' processes. Alerts are JSON lines '
      + '(eventid "watch.alert.raised") on stdout, in --events FILE, in the store and to --webhook; a readable line '
      + 'on a terminal. Responses (pause, stop, kill) happen only where --respond asks for them.\n\n'
      + 'Exit codes: 0 no alert, 1 at least one alert, 2 usage or engine error.')
    .option('-H, --docker-host <url>', 'engine to watch (default: $DOCKER_HOST or unix:///var/run/docker.sock; honours DOCKER_TLS_VERIFY, DOCKER_CERT_PATH)')
    .option('--respond <spec>', 'response per severity or rule: critical=kill, high=stop, PCL-MIN-001=pause (repeatable; default alert only)', collect, [])
    .option('--allow-image <pattern>', 'never alert on or act against images matching this glob (repeatable)', collect, [])
    .option('--allow-label <selector>', 'never alert on or act against containers with this label (key or key=value; repeatable)', collect, [])
    .option('--min-severity <level>', `lowest severity that raises an alert (${SEVERITIES.join(', ')})`, 'medium')
    .option('--dry-run', 'decide responses but do not carry them out')
    .option('--sample-interval <seconds>', 'how often running containers\' processes are sampled (0 disables)', '5')
    .option('--cpu-cores <cores>', 'sustained CPU use (cores, e.g. 0.8) that raises PCL-MIN-010; a container limited below it saturates at 90% of its limit', '0.8')
    .option('--cpu-samples <n>', 'CPU readings in the window averaged against --cpu-cores (at least 2; 0 disables CPU sampling)', '3')
    .option('--events <file>', 'append events as JSON lines to this file')
    .option('--format <format>', 'stdout format: text (readable lines) or json (JSON lines); default text on a terminal, json otherwise')
    .option('--webhook <url>', 'POST each alert and response as JSON to this URL')
    .option('--store <path>', 'store to record events in (default: the embedded SQLite store)')
    .option('--no-store', 'do not record events in the store')
    .option('--duration <seconds>', 'stop after this many seconds (default: run until Ctrl-C)')
    .option('--once', 'review existing containers and exit (exit 1 if any alert)')
    .action(async (flags: WatchFlags) => {
      if (!(SEVERITIES as readonly string[]).includes(flags.minSeverity)) {
        throw new PortcullisError('PCL_ERR_CLI_USAGE', `--min-severity must be one of ${SEVERITIES.join(', ')}, got "${flags.minSeverity}"`);
      }
      const format = flags.format ?? (process.stdout.isTTY ? 'text' : 'json');
      if (format !== 'text' && format !== 'json') throw new PortcullisError('PCL_ERR_CLI_USAGE', `--format must be text or json, got "${flags.format}"`);
      const sampleMs = positiveNumber('--sample-interval', flags.sampleInterval) * 1000;
      const duration = flags.duration === undefined ? undefined : positiveNumber('--duration', flags.duration);
      const cpuCores = Number(flags.cpuCores);
      if (!Number.isFinite(cpuCores) || cpuCores <= 0) throw new PortcullisError('PCL_ERR_CLI_USAGE', `--cpu-cores must be a number of cores > 0 (e.g. 0.8), got "${flags.cpuCores}"`);
      const cpuSamples = Number(flags.cpuSamples);
      if (!Number.isInteger(cpuSamples) || cpuSamples === 1 || cpuSamples < 0) {
        throw new PortcullisError('PCL_ERR_CLI_USAGE', `--cpu-samples must be a whole number >= 2, or 0 to disable CPU sampling, got "${flags.cpuSamples}"`);
      }
      const policy = {
        ...DEFAULT_POLICY, ...parseResponseSpecs(flags.respond),
        allowImages: flags.allowImage, allowLabels: flags.allowLabel, minSeverity: flags.minSeverity as Severity,
      };
      const endpoint = resolveDockerHost(flags.dockerHost);
      const client = new EngineClient(endpoint);
      await client.json('/version', 10_000);

      const sinks: EventSink[] = [format === 'json' ? new StreamSink(process.stdout) : humanSink(process.stdout)];
      if (flags.events) sinks.push(new JsonLinesFileSink(flags.events));
      if (flags.webhook) {
        sinks.push(new WebhookSink({ url: flags.webhook, onError: (err) => process.stderr.write(`watch: webhook: ${String(err)}\n`) }));
      }
      const store = flags.store === false ? undefined : await openStore(flags.store);
      if (store) sinks.push(new StoreSink(store));
      const runId = `watch-${Date.now().toString(36)}`;
      const log = new EventLog({ sinks, onSinkError: (s, err) => process.stderr.write(`watch: sink ${s.name}: ${String(err)}\n`) },
        { run: runId, sensor: hostname(), docker_host: endpoint.display });
      await store?.saveRun({ id: runId, tool: 'watch', startedAt: new Date().toISOString(), host: hostname(), target: endpoint.display });
      log.emit('watch.run.started', { dry_run: Boolean(flags.dryRun), respond: flags.respond, min_severity: policy.minSeverity });

      const watcher = new Watcher({
        client, analyzer: createCoreAnalyzer(), policy, events: log, dryRun: Boolean(flags.dryRun),
        sampleIntervalMs: flags.once ? 0 : sampleMs, localEngine: endpoint.kind === 'unix', cpu: { cores: cpuCores, samples: cpuSamples },
        onDiagnostic: (m) => process.stderr.write(`watch: ${m}\n`),
      });
      await watcher.start();
      if (!flags.once) {
        process.stderr.write(`watch: following ${endpoint.display}${flags.dryRun ? ' (dry run)' : ''}; Ctrl-C to stop\n`);
        await new Promise<void>((resolve) => {
          const done = () => resolve();
          process.once('SIGINT', done);
          process.once('SIGTERM', done);
          if (duration !== undefined) setTimeout(done, duration * 1000).unref();
        });
      }
      watcher.stop();
      await watcher.idle();
      log.emit('watch.run.finished', { alerts: watcher.alertsRaised, events_seen: watcher.eventsSeen });
      for (const s of sinks) await s.close?.();
      if (store) {
        await store.finishRun(runId, new Date().toISOString(), { alerts: watcher.alertsRaised, events: watcher.eventsSeen });
        await store.close();
      }
      process.exitCode = watcher.alertsRaised > 0 ? EXIT.found : EXIT.ok;
    });
}
