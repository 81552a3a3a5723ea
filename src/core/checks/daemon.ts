// Daemon checks (PCL-DMN-001..014): the effective settings of the daemon (running process, else unit, else
// daemon.json) and what the engine itself reports in GET /info, including its own security warnings.
import type { Evidence } from '../report/finding.js';
import type { HostFacts } from './facts.js';
import type { DaemonContext } from './contexts.js';
import type { FindingSet } from './finding-set.js';
import type { BoolKey, Setting, StringKey } from './settings.js';

type Info = Record<string, unknown>;

function arr(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function securityOptions(info: Info | undefined): string[] {
  return arr(info?.SecurityOptions);
}

/** Evidence for "not set": where it would have to be set. */
function unset(ctx: DaemonContext | undefined, key: string, dflt: string): Evidence {
  return { kind: 'file', location: ctx?.configPath ?? '/etc/docker/daemon.json', value: `"${key}" not set (default ${dflt})` };
}

function infoEv(field: string, value: unknown): Evidence {
  return { kind: 'field', location: `GET /info ${field}`, value: JSON.stringify(value) };
}

export function isRootless(ctx: DaemonContext | undefined, info: Info | undefined): boolean {
  return securityOptions(info).some((o) => o === 'name=rootless') || (ctx?.name.includes('rootless') ?? false);
}

/** Judge one daemon; `withEngine` says whether the engine's /info belongs to it. */
export function checkDaemon(facts: HostFacts, ctx: DaemonContext | undefined, set: FindingSet, withEngine = true): void {
  const info = withEngine ? facts.engine?.info : undefined;
  if (!ctx && !info) return;
  const target = info ? `engine ${facts.engine?.endpoint}` : ctx!.name;
  const b = (k: BoolKey): Setting<boolean> | undefined => ctx?.settings.bools[k];
  const s = (k: StringKey): Setting<string> | undefined => ctx?.settings.strings[k];
  const rootless = isRootless(ctx, info);

  if (ctx?.config?.error) {
    set.add('PCL-DMN-012', ctx.configPath, `${ctx.configPath} does not parse: ${ctx.config.error.message}.`,
      [{ kind: 'file', location: ctx.configPath, line: ctx.config.error.line, value: ctx.config.error.message }]);
  }

  const authz = ctx?.settings.lists['authorization-plugins'] ?? [];
  const infoAuthz = arr((info?.Plugins as Info | undefined)?.Authorization);
  if (authz.length === 0 && infoAuthz.length === 0) {
    set.add('PCL-DMN-001', target, 'No authorization plugin is configured: every API client can do everything.',
      [unset(ctx, 'authorization-plugins', '[]'), ...(info ? [infoEv('Plugins.Authorization', infoAuthz)] : [])]);
  }

  const userns = s('userns-remap');
  const infoUserns = securityOptions(info).some((o) => o === 'name=userns');
  if (!rootless && !(userns && userns.value !== '') && !infoUserns) {
    set.add('PCL-DMN-002', target, 'User namespace remapping is off: root in a container is root on the host.',
      [unset(ctx, 'userns-remap', '""'), ...(info ? [infoEv('SecurityOptions', securityOptions(info))] : [])]);
  }

  const live = b('live-restore');
  const infoLive = info?.LiveRestoreEnabled;
  if (infoLive === false || (infoLive === undefined && live?.value !== true)) {
    set.add('PCL-DMN-003', target, 'live-restore is off: containers stop whenever dockerd restarts.',
      [live?.evidence ?? unset(ctx, 'live-restore', 'false'), ...(info ? [infoEv('LiveRestoreEnabled', infoLive)] : [])]);
  }

  const nnp = b('no-new-privileges');
  if (nnp?.value !== true) {
    set.add('PCL-DMN-004', target, 'Containers may gain privileges through setuid binaries (no-new-privileges is not the default).',
      [nnp?.evidence ?? unset(ctx, 'no-new-privileges', 'false')]);
  }

  const icc = b('icc');
  if (icc?.value !== false && !rootless) {
    set.add('PCL-DMN-005', target, 'Containers on the default bridge can reach each other (icc is on).', [icc?.evidence ?? unset(ctx, 'icc', 'true')]);
  }

  const insecure = (ctx?.settings.lists['insecure-registries'] ?? []).filter((r) => !/^(127\.|localhost|::1)/.test(r.value));
  const infoInsecure = Object.entries((info?.RegistryConfig as Info | undefined)?.IndexConfigs as Record<string, { Secure?: boolean }> ?? {})
    .filter(([, v]) => v && v.Secure === false).map(([k]) => k);
  const infoCidrs = arr((info?.RegistryConfig as Info | undefined)?.InsecureRegistryCIDRs).filter((c) => !/^(127\.0\.0\.0\/8|::1\/128)$/.test(c));
  if (insecure.length > 0 || infoInsecure.length > 0 || infoCidrs.length > 0) {
    const names = [...new Set([...insecure.map((r) => r.value), ...infoInsecure, ...infoCidrs])];
    set.add('PCL-DMN-006', target, `Images are pulled without TLS verification from: ${names.join(', ')}.`,
      [...insecure.map((r) => r.evidence), ...(infoInsecure.length || infoCidrs.length ? [infoEv('RegistryConfig', [...infoInsecure, ...infoCidrs])] : [])],
      { remediation: `Remove ${names.join(', ')} from "insecure-registries" and give the registry a certificate from a CA the engine trusts.` });
  }

  const exp = b('experimental');
  if (exp?.value === true || info?.ExperimentalBuild === true) {
    set.add('PCL-DMN-007', target, 'Experimental features are enabled.', [exp?.evidence ?? infoEv('ExperimentalBuild', true)]);
  }

  const logDriver = s('log-driver')?.value ?? (typeof info?.LoggingDriver === 'string' ? info.LoggingDriver : 'json-file');
  if (['json-file', 'local', 'none', ''].includes(logDriver)) {
    set.add('PCL-DMN-008', target, `Container logs use the "${logDriver}" driver and stay on this host.`,
      [s('log-driver')?.evidence ?? (info ? infoEv('LoggingDriver', logDriver) : unset(ctx, 'log-driver', 'json-file'))]);
  }

  const proxy = b('userland-proxy');
  if (proxy?.value !== false) {
    set.add('PCL-DMN-009', target, 'The userland proxy is on (a docker-proxy process per published port).', [proxy?.evidence ?? unset(ctx, 'userland-proxy', 'true')]);
  }

  const seccomp = s('seccomp-profile');
  const infoUnconfined = securityOptions(info).some((o) => /^name=seccomp,profile=unconfined$/.test(o));
  if (seccomp?.value === 'unconfined' || infoUnconfined) {
    set.add('PCL-DMN-010', target, 'The daemon-wide seccomp profile is "unconfined".',
      [seccomp?.evidence ?? infoEv('SecurityOptions', securityOptions(info))]);
  }

  for (const w of arr(info?.Warnings)) {
    set.add('PCL-DMN-011', target, `The engine warns: ${w}`, [infoEv('Warnings', w)]);
  }

  if (!rootless) {
    const ev: Evidence[] = ctx?.pid !== undefined ? [{ kind: 'process', location: `pid ${ctx.pid}`, value: 'dockerd without --rootless' }]
      : info ? [infoEv('SecurityOptions', securityOptions(info))] : [unset(ctx, 'rootless', 'rootful')];
    set.add('PCL-DMN-013', target, 'The Docker daemon runs as root.', ev);
  }

  const ipt = b('iptables');
  if (ipt?.value === false) {
    set.add('PCL-DMN-015', target, 'dockerd runs with iptables management disabled.', [ipt.evidence]);
  }

  const level = s('log-level');
  if (level?.value === 'debug' || info?.Debug === true) {
    set.add('PCL-DMN-014', target, 'The daemon logs at debug level.', [level?.evidence ?? infoEv('Debug', true)]);
  }
}
