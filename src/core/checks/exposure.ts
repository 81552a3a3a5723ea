// Exposure checks (PCL-EXP-001..006): every route by which the Engine API becomes reachable over TCP — flags,
// daemon.json, unit drop-ins, docker.socket, env files, live listeners with their owning process, relays,
// and Docker Desktop's expose-on-2375 setting.
import type { Evidence } from '../report/finding.js';
import type { HostFacts, ListenFact, ProcessFact } from './facts.js';
import type { DaemonContext } from './contexts.js';
import type { FindingSet } from './finding-set.js';
import { parseDaemonHost, parseListenStream, hostKey, type DaemonHost } from './hosts.js';
import { isDockerdArgv } from './parse-dockerd-args.js';
import { isLoopback } from './parse-proc-net.js';
import { tlsModeOf, type TlsMode } from './settings.js';
import type { PortForward } from './rootless.js';
import { configuredRelays, socatListen } from './relays.js';
import { daemonSocketPaths } from './files.js';

const DEFAULT_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock'];

/** What to add to a finding when certificate files are configured but dockerd's TLS mode does not use them fully. */
interface TlsFilesNote { readonly note: string; readonly remediation: string; readonly evidence: readonly Evidence[] }

/**
 * dockerd ignores --tlscacert/--tlscert/--tlskey unless --tls or --tlsverify is on, and with --tls alone the CA
 * only checks certificates clients choose to send: name the unused files and the one flag that is missing.
 */
function tlsFilesNote(ctx: DaemonContext, mode: TlsMode): TlsFilesNote | undefined {
  const files = (['tlscacert', 'tlscert', 'tlskey'] as const).filter((k) => ctx.settings.strings[k]);
  if (mode === 'mtls' || files.length === 0) return undefined;
  const evidence = files.map((k) => ctx.settings.strings[k]!.evidence);
  const named = files.map((k) => `${k} ${ctx.settings.strings[k]!.value}`).join(', ');
  if (mode === 'none') {
    return { evidence, note: ` TLS files are configured (${named}) but neither --tls nor --tlsverify is set, so dockerd does not use them.`,
      remediation: `Add --tlsverify (or "tlsverify": true in daemon.json) next to the TLS files already set in ${ctx.name}${files.includes('tlscacert') ? '' : ', with --tlscacert naming the CA that signs your client certificates'}; then restart dockerd.` };
  }
  if (!files.includes('tlscacert')) return undefined;
  return { evidence, note: ` A CA is configured (${ctx.settings.strings.tlscacert!.value}) but without --tlsverify it only checks certificates clients choose to send.`,
    remediation: `Add --tlsverify (or "tlsverify": true) in ${ctx.name}: the CA file is already set; then restart dockerd.` };
}

function report(set: FindingSet, h: DaemonHost, mode: TlsMode, via: string, evidence: Evidence[], rootlessUid?: number,
  severityOverride?: 'high', files?: TlsFilesNote): void {
  if (h.proto !== 'tcp' || mode === 'mtls') return;
  const target = `tcp://${h.key}`;
  // A rootless daemon gives its user's powers, not root's: still every file and process of that user.
  const who = rootlessUid !== undefined ? `runs containers as uid ${rootlessUid} with that user's access` : 'is root on this host';
  const where = h.loopback ? `on a loopback address (any local user or process, and any container on the host network, ${who})`
    : `on a network address (anyone who reaches the port ${who})`;
  const severity = severityOverride ?? (h.loopback ? 'high' as const : 'critical' as const);
  const ev = files ? [...evidence, ...files.evidence] : evidence;
  const opts = { severity, ...(files ? { remediation: files.remediation } : {}) };
  if (mode === 'none') {
    set.add('PCL-EXP-001', target, `The Docker API is served without TLS at ${target} ${where}; set by ${via}.${files?.note ?? ''}`, ev, opts);
  } else {
    set.add('PCL-EXP-002', target, `The Docker API at ${target} uses TLS but accepts any client ${where}; set by ${via}.${files?.note ?? ''}`, ev, opts);
  }
}

/** TCP hosts a context configures, with the TLS mode that applies to them. */
export function configuredTcpHosts(ctx: DaemonContext): { host: DaemonHost; mode: TlsMode; evidence: Evidence }[] {
  const mode = tlsModeOf(ctx.settings, ctx.envTlsVerify);
  const out: { host: DaemonHost; mode: TlsMode; evidence: Evidence }[] = [];
  for (const s of ctx.settings.lists.hosts ?? []) out.push({ host: parseDaemonHost(s.value, mode !== 'none'), mode, evidence: s.evidence });
  // dockerd applies its TLS settings to the sockets systemd hands over (fd://), so docker.socket shares the mode.
  for (const s of ctx.listenStreams ?? []) out.push({ host: parseListenStream(s.value), mode, evidence: s.evidence });
  return out;
}

function tlsEvidence(ctx: DaemonContext): Evidence[] {
  const s = ctx.settings;
  return [s.bools.tls?.evidence, s.bools.tlsverify?.evidence, ctx.envTlsVerify?.evidence].filter((e): e is Evidence => !!e);
}

function mentionsDockerSocket(p: ProcessFact, sockets: readonly string[]): string | undefined {
  for (const a of p.argv) {
    for (const s of sockets) if (a.includes(s)) return a;
    if (/docker\.sock/.test(a)) return a;
  }
  return undefined;
}

function listenerEvidence(l: ListenFact, p: ProcessFact | undefined): Evidence {
  const addr = l.address.includes(':') ? `[${l.address}]:${l.port}` : `${l.address}:${l.port}`;
  return { kind: 'endpoint', location: `${addr} (${l.proto}, inode ${l.inode}${l.netns ? `, ${l.netns}` : ''})`,
    value: p ? `listening: pid ${p.pid} ${p.argv.join(' ')}`.slice(0, 300) : 'listening: owner not visible' };
}

function forwardedHost(f: PortForward): DaemonHost {
  return parseDaemonHost(`tcp://${f.parentIp.includes(':') ? `[${f.parentIp}]` : f.parentIp}:${f.parentPort}`, false);
}

/** Major version of the engine, from /version or /info, when it answered. */
export function engineMajor(facts: HostFacts): number | undefined {
  const v = facts.engine?.version?.Version ?? facts.engine?.info?.ServerVersion;
  const m = typeof v === 'string' ? /^(\d+)\./.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

export function checkExposure(facts: HostFacts, contexts: readonly DaemonContext[], set: FindingSet): void {
  const unixSockets = new Set(DEFAULT_SOCKETS);
  const major = engineMajor(facts);
  for (const ctx of contexts) {
    // docker/cli deprecated.md "Unauthenticated TCP connections": from 27.0 an explicit --tls=false or
    // --tlsverify=false (or the daemon.json keys) with a non-localhost TCP host makes dockerd refuse to start.
    const explicitOff = ctx.settings.bools.tls?.value === false || ctx.settings.bools.tlsverify?.value === false;
    for (const { host, mode, evidence } of configuredTcpHosts(ctx)) {
      const via = explicitOff && major !== undefined && major >= 27 && host.proto === 'tcp' && !host.loopback
        ? `${ctx.name} (engine ${major}.x refuses to start with TLS explicitly off on a remote TCP host: the next restart fails)` : ctx.name;
      const ev = [evidence, ...(mode === 'none' ? [] : tlsEvidence(ctx))];
      if (ctx.portForwards === undefined || host.proto !== 'tcp') { report(set, host, mode, via, ev, ctx.rootlessUid, undefined, tlsFilesNote(ctx, mode)); continue; }
      // A rootless daemon listens inside rootlesskit's network namespace: only forwarded ports reach the host.
      for (const f of ctx.portForwards.filter((x) => x.childPort === host.port && x.proto === 'tcp')) {
        report(set, forwardedHost(f), mode, `${via} through rootlesskit port forwarding (${f.parentIp}:${f.parentPort} -> ${f.childPort})`,
          [...ev, f.evidence, ...(ctx.portDriver ? [ctx.portDriver.evidence] : [])], ctx.rootlessUid);
      }
    }
    // A forward of a Docker API port whose daemon host we could not see (e.g. hosts set where we cannot read).
    const tcpPorts = new Set(configuredTcpHosts(ctx).map((h) => h.host.port));
    for (const f of ctx.portForwards ?? []) {
      if (tcpPorts.has(f.childPort) || f.proto !== 'tcp' || (f.childPort !== 2375 && f.childPort !== 2376)) continue;
      const mode = tlsModeOf(ctx.settings, ctx.envTlsVerify);
      report(set, forwardedHost(f), mode === 'mtls' ? 'mtls' : f.childPort === 2375 ? 'none' : 'tls-no-verify',
        `${ctx.name}: rootlesskit forwards ${f.parentIp}:${f.parentPort} to the daemon's port ${f.childPort} (its TCP host was not found in the unit or daemon.json)`,
        [f.evidence, ...(ctx.portDriver ? [ctx.portDriver.evidence] : [])], ctx.rootlessUid);
    }
    for (const s of ctx.settings.lists.hosts ?? []) {
      const h = parseDaemonHost(s.value, false);
      if (h.proto === 'unix') unixSockets.add(h.address);
    }
    for (const s of ctx.listenStreams ?? []) {
      const h = parseListenStream(s.value);
      if (h.proto === 'unix') unixSockets.add(h.address);
    }
    for (const d of ctx.dormantHosts ?? []) {
      const h = parseDaemonHost(d.value, false);
      if (h.proto !== 'tcp') continue;
      const file = d.evidence.location;
      set.add('PCL-EXP-014', `tcp://${h.key}`, `${file} asks for ${d.value}, but ${ctx.name} does not read that file (no EnvironmentFile=${file} with the variable in ExecStart): dormant under systemd, live as soon as an init script or a changed unit uses it.`,
        [d.evidence, ...(ctx.execStarts?.length ? [{ kind: 'file' as const, location: ctx.execStarts.at(-1)!.path, line: ctx.execStarts.at(-1)!.line, value: `ExecStart=${ctx.execStarts.at(-1)!.value}` }] : [])],
        { remediation: `Delete the -H ${d.value} option from ${file} so it cannot come back with an init script or unit change.` });
    }
    // A drop-in with ExecStart= but no reset line: systemd refuses a non-oneshot service with two ExecStart lines.
    if ((ctx.execStarts?.length ?? 0) > 1) {
      set.add('PCL-EXP-013', ctx.name, `${ctx.name} has ${ctx.execStarts?.length} ExecStart= lines after its drop-ins are merged; systemd will refuse to start it.`,
        (ctx.execStarts ?? []).map((e) => ({ kind: 'file' as const, location: e.path, line: e.line, value: `ExecStart=${e.value}` })),
        { remediation: `Add an empty "ExecStart=" line before ExecStart= in ${ctx.execStarts?.at(-1)?.path}, then systemctl daemon-reload && systemctl restart docker.` });
    }
    // dockerd refuses to start when hosts come from both the command line and daemon.json.
    const flagHosts = ctx.flagSettings.lists.hosts ?? [];
    const fileHosts = ctx.config?.settings.lists.hosts ?? [];
    if (flagHosts.length > 0 && fileHosts.length > 0) {
      set.add('PCL-EXP-006', ctx.name, `${ctx.name} sets hosts with -H and in ${ctx.configPath}; dockerd will refuse to start.`,
        [...flagHosts.map((h) => h.evidence), ...fileHosts.map((h) => h.evidence)]);
    }
  }
  // Live listeners: what is really open, and which process owns it.
  const byPid = new Map((facts.processes ?? []).map((p) => [p.pid, p]));
  const relayPids = new Set<number>();
  for (const l of facts.listeners ?? []) {
    if (l.proto === 'unix' || l.port === undefined) continue;
    const p = l.pid === undefined ? undefined : byPid.get(l.pid);
    if (!p) continue;
    const h: DaemonHost = { proto: 'tcp', address: l.address, port: l.port, key: hostKey(l.address, l.port), loopback: isLoopback(l.address) };
    if (isDockerdArgv(p.argv, p.comm)) {
      const ctx = contexts.find((c) => c.pid === p.pid);
      const mode = ctx ? tlsModeOf(ctx.settings, ctx.envTlsVerify) : 'none';
      const ev = [listenerEvidence(l, p), ...(ctx ? tlsEvidence(ctx) : [])];
      if (l.netns && ctx?.portForwards !== undefined) {
        // A rootless daemon's listener in rootlesskit's namespace: exposed where a forward publishes it.
        for (const f of ctx.portForwards.filter((x) => x.childPort === l.port && x.proto === 'tcp')) {
          report(set, forwardedHost(f), mode, `dockerd (pid ${p.pid}), observed listening in ${l.netns}, through rootlesskit port forwarding`, [...ev, f.evidence], ctx.rootlessUid);
        }
        continue;
      }
      report(set, h, mode, `dockerd (pid ${p.pid}), observed listening${l.netns ? ` in another network namespace (${l.netns})` : ''}`, ev, ctx?.rootlessUid,
        l.netns ? 'high' : undefined);
      continue;
    }
    if (p.pid === 1 || p.comm === 'systemd') {
      // Socket activation: systemd holds the listener for docker.service.
      const svc = contexts.find((c) => c.kind === 'service');
      const match = svc?.listenStreams?.some((s) => parseListenStream(s.value).port === l.port);
      if (svc && match) report(set, h, tlsModeOf(svc.settings, svc.envTlsVerify), 'docker.socket (held by systemd), observed listening', [listenerEvidence(l, p)]);
      continue;
    }
    const arg = mentionsDockerSocket(p, [...unixSockets]);
    if (arg) {
      relayPids.add(p.pid);
      set.add('PCL-EXP-003', `tcp://${h.key}`,
        `${p.comm || p.argv[0]} (pid ${p.pid}) listens on ${h.key}${l.netns ? ` in another network namespace (${l.netns})` : ''} and relays the Docker socket (${arg}).`,
        [listenerEvidence(l, p), { kind: 'process', location: `pid ${p.pid} (${p.source})`, value: p.argv.join(' ').slice(0, 300) }],
        { severity: h.loopback || l.netns ? 'high' : 'critical' });
    }
  }
  // A socat whose command line listens on TCP and connects to the socket, even when its listener is not visible
  // (another namespace we may not read, or no /proc/net at all).
  for (const p of facts.processes ?? []) {
    if (((p.argv[0] ?? '').split('/').pop() !== 'socat' && p.comm !== 'socat') || relayPids.has(p.pid)) continue;
    const arg = mentionsDockerSocket(p, [...unixSockets]);
    const listen = arg ? p.argv.map(socatListen).find((x) => x) : undefined;
    if (!listen || listen.tls === 'mtls') continue;
    set.add('PCL-EXP-003', `tcp://${listen.host.key}`,
      `socat (pid ${p.pid}) listens on ${listen.host.key} and relays the Docker socket (${arg}).`,
      [{ kind: 'process', location: `pid ${p.pid} (${p.source})`, value: p.argv.join(' ').slice(0, 300) }],
      { severity: listen.host.loopback ? 'high' : 'critical' });
  }
  for (const r of configuredRelays(facts, [...unixSockets, ...daemonSocketPaths(contexts)])) {
    const tls = r.tls === 'none' ? 'without TLS' : 'with TLS that accepts any client';
    set.add('PCL-EXP-003', `tcp://${r.host.key}`,
      `${r.via} listens on ${r.host.key} ${tls} and relays the Docker socket${r.auth ? ' (behind a password prompt only)' : ''}.`,
      r.evidence, { severity: r.host.loopback || r.auth ? 'high' : 'critical' });
  }
  checkDesktop(facts, set);
}

/** Docker Desktop keeps its settings in settings.json (older) or settings-store.json (4.34+). */
function checkDesktop(facts: HostFacts, set: FindingSet): void {
  for (const [path, f] of Object.entries(facts.files)) {
    if (!/\/(settings|settings-store)\.json$/.test(path) || f.content === undefined) continue;
    if (!/docker/i.test(path)) continue;
    let obj: unknown;
    try { obj = JSON.parse(f.content); } catch { continue; }
    if (!obj || typeof obj !== 'object') continue;
    // settings.json (before 4.34) spells it exposeDockerAPIOnTCP2375, settings-store.json ExposeDockerAPIOnTCP2375.
    const key = Object.keys(obj).find((k) => k.toLowerCase() === 'exposedockerapiontcp2375');
    if (!key || (obj as Record<string, unknown>)[key] !== true) continue;
    const line = f.content.split('\n').findIndex((l) => l.includes(`"${key}"`)) + 1;
    set.add('PCL-EXP-004', 'tcp://127.0.0.1:2375', `Docker Desktop is set to expose the daemon on tcp://localhost:2375 without TLS (${path}).`,
      [{ kind: 'file', location: path, line: line || 1, value: `"${key}": true` }]);
  }
}
