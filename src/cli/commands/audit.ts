// `portcullis audit`: argv and wiring for the audit front end (root, engine, formats, config, store, exit codes).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';
import { CaptureSink, EventLog } from '../../core/events/index.js';
import { SEVERITIES, type Severity } from '../../core/report/finding.js';
import { openStore } from '../../core/store/index.js';
import { AUDIT_FORMATS, failsOn, filterBySeverity, loadAuditConfig, renderAudit, runAudit, saveAudit } from '../../auditor/index.js';
import { EXIT } from '../exit-codes.js';
import { VERSION } from '../version.js';

interface AuditFlags {
  root?: string;
  dockerHost?: string;
  format: string;
  output?: string;
  failOn?: string;
  minSeverity?: string;
  config?: string;
  store?: string | boolean;
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .summary('audit this host\'s Docker daemon, its exposure routes and its containers')
    .description('Check every route by which this host exposes its Docker API (dockerd flags, daemon.json, systemd '
      + 'units and drop-ins incl. docker.socket, /etc/default and /etc/sysconfig, live listeners and relays, Docker '
      + 'Desktop), TLS, daemon settings, file permissions, the docker group, and every container (stopped ones too). '
      + 'Without Docker it says so and exits 0. Exit codes: 0 ok (or nothing >= --fail-on), 1 a finding >= --fail-on, '
      + '2 error. See docs/AUDIT.md.')
    .option('--root <dir>', 'audit a mounted or extracted root filesystem offline (no engine unless --docker-host)')
    .option('-H, --docker-host <url>', 'engine to audit: unix:///path or tcp://host:port (default: $DOCKER_HOST, '
      + 'with $DOCKER_TLS_VERIFY and $DOCKER_CERT_PATH, else the local socket)')
    .option('-f, --format <format>', `output format: ${AUDIT_FORMATS.join(', ')}`, 'table')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <severity>', `exit 1 when an unsuppressed finding is at least this severe (${SEVERITIES.join(', ')})`)
    .option('--min-severity <severity>', `show only findings at least this severe (${SEVERITIES.join(', ')}); counts and --fail-on still see all`)
    .option('-c, --config <file>', 'YAML config with suppressions (each with a reason) and fail-on')
    .option('--store [path]', 'save the run and its findings to the store (default location when no path is given)')
    .action(async (flags: AuditFlags) => {
      if (!(AUDIT_FORMATS as readonly string[]).includes(flags.format)) {
        throw new PortcullisError('PCL_ERR_REPORT_FORMAT', `unknown --format "${flags.format}"; use one of ${AUDIT_FORMATS.join(', ')}`);
      }
      if (flags.failOn !== undefined && !(SEVERITIES as readonly string[]).includes(flags.failOn)) {
        throw new PortcullisError('PCL_ERR_CLI_USAGE', `--fail-on must be one of ${SEVERITIES.join(', ')} (got "${flags.failOn}")`);
      }
      if (flags.minSeverity !== undefined && !(SEVERITIES as readonly string[]).includes(flags.minSeverity)) {
        throw new PortcullisError('PCL_ERR_CLI_USAGE', `--min-severity must be one of ${SEVERITIES.join(', ')} (got "${flags.minSeverity}")`);
      }
      const config = flags.config ? loadAuditConfig(flags.config, new Date()) : undefined;
      const runId = randomUUID();
      const capture = new CaptureSink();
      const events = new EventLog({ sinks: [capture] }, { run: runId });
      const result = await runAudit({ root: flags.root, dockerHost: flags.dockerHost, env: process.env, config, toolVersion: VERSION, events });
      const shown = filterBySeverity(result, flags.minSeverity as Severity | undefined);
      const text = renderAudit(flags.format, shown.report, shown.summary);
      if (flags.output) {
        try {
          writeFileSync(flags.output, text);
        } catch (err) {
          throw new PortcullisError('PCL_ERR_AUDIT_OUTPUT', `cannot write --output ${flags.output}: ${(err as Error).message}`, { cause: err });
        }
        process.stderr.write(`portcullis audit: ${result.summary.verdict} (report written to ${flags.output})\n`);
      } else {
        process.stdout.write(text);
        if (flags.format !== 'table') process.stderr.write(`portcullis audit: ${result.summary.verdict}\n`);
      }
      if (flags.store !== undefined && flags.store !== false) {
        const store = await openStore(typeof flags.store === 'string' ? flags.store : undefined);
        try {
          await saveAudit(store, runId, result, flags.root ?? '/');
          await store.appendEvents(capture.events);
        } finally {
          await store.close();
        }
      }
      const threshold = (flags.failOn ?? config?.['fail-on']) as Severity | undefined;
      process.exitCode = failsOn(result.report.findings, threshold) ? EXIT.found : EXIT.ok;
    });
}
