// The watcher: reviews every existing container at start, follows the event stream (resuming without loss),
// inspects what each event touched, applies the core's rules, samples running containers' processes,
// connections and CPU, raises each alert once and responds per policy (again when a stopped or paused
// container is brought back).
import pLimit from 'p-limit';
import type { EngineClient } from '../core/engine/index.js';
import type { EventLog } from '../core/events/index.js';
import { severityRank, type Finding } from '../core/report/finding.js';
import { CPU_SATURATION_CORES, type ArchiveMember, type DetectionCpu } from '../core/rules/index.js';
import type { Analyzer } from './analyzer.js';
import { configPathsOf, pathsToRead, readContainerFiles } from './config-files.js';
import { watchedInput } from './core-analyzer.js';
import { cpuLimitCores, CpuWindow, readCpu, type CpuReading } from './cpu-usage.js';
import { reactionTo, type EngineEvent, type Reaction } from './engine-event.js';
import { EventFollower } from './event-follower.js';
import { containerImage, containerName, type ContainerInspect, type ExecInspect } from './inspect-types.js';
import { actionFor, isAllowed, responseStrength, type ResponseAction, type ResponsePolicy } from './response-policy.js';
import { respond, type ResponseOutcome } from './responder.js';
import { sampleConnections, sampleProcesses } from './sampler.js';

/** CPU readings requested from the engine at the same time during a sampling pass. */
const CPU_READS_AT_ONCE = 64;
/** Containers whose processes are read at the same time during a sampling pass. */
const PROCESS_READS_AT_ONCE = 8;

export interface WatcherOptions {
  readonly client: EngineClient;
  readonly analyzer: Analyzer;
  readonly policy: ResponsePolicy;
  readonly events: EventLog;
  readonly dryRun: boolean;
  /** Sampling period for /top and connections, ms (0 disables sampling). */
  readonly sampleIntervalMs: number;
  /** The engine runs on this host: /proc enrichment is possible. */
  readonly localEngine: boolean;
  /** CPU statistics sampled with the processes: sustained use above `cores` over `samples` readings raises
   * PCL-MIN-010 (defaults 0.8 and 3; samples 0 disables). */
  readonly cpu?: { readonly cores: number; readonly samples: number };
  /** Told about each alert after it was emitted (CLI counters, tests). */
  readonly onAlert?: (alert: RaisedAlert) => void;
  readonly onDiagnostic?: (msg: string) => void;
}

export interface RaisedAlert {
  readonly finding: Finding;
  readonly container: { readonly id: string; readonly name: string; readonly image: string };
  readonly trigger: string;
  readonly response: ResponseOutcome;
}

interface Tracked {
  inspect: ContainerInspect;
  alerted: Set<string>;
  responded: boolean;
  /** A pause/stop/kill decided while the container was not running: carried out when it starts. */
  pending?: ResponseAction;
  /** The strongest pause/stop/kill decided for this container: re-applied when it is started or unpaused again. */
  decided?: ResponseAction;
  /** Config files read from the container by path (null: not there when last read). */
  files: Map<string, ArchiveMember | null>;
  /** Missing config files already tried again because a sampled process named them. */
  retried: Set<string>;
  execCmds: string[];
  /** Recent CPU readings (sampling only). */
  cpu?: CpuWindow;
}

export class Watcher {
  private readonly tracked = new Map<string, Tracked>();
  private follower: EventFollower | undefined;
  private sampleTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private sampling = false;
  alertsRaised = 0;
  eventsSeen = 0;
  /** How long each finished sampling pass took, ms (the last 100; the bench reads it). */
  readonly samplePassMs: number[] = [];

  /** CPU sampling settings with their defaults; undefined when CPU sampling is off (fewer than 2 samples). */
  private readonly cpuCfg: { readonly cores: number; readonly samples: number } | undefined;

  constructor(private readonly o: WatcherOptions) {
    const cpu = { cores: o.cpu?.cores ?? CPU_SATURATION_CORES, samples: o.cpu?.samples ?? 3 };
    this.cpuCfg = cpu.samples >= 2 ? cpu : undefined;
  }

  /** Start following and review existing containers; resolves once both are under way. */
  async start(): Promise<void> {
    this.follower = new EventFollower({
      client: this.o.client,
      onEvent: (e) => this.onEngineEvent(e),
      onDisconnect: (err) => this.o.onDiagnostic?.(`event stream lost: ${err instanceof Error ? err.message : String(err)}; resuming`),
      onResume: (since) => this.o.events.emit('watch.stream.resumed', { since }),
    });
    const running = this.follower.run();
    running.catch((err) => this.o.onDiagnostic?.(`event follower stopped: ${String(err)}`));
    await this.follower.ready();
    await this.reviewExisting();
    if (this.o.sampleIntervalMs > 0) {
      // Catch-up: containers already running may run a miner exec'd in before the watcher started; sample them now.
      this.sampleAll().catch((err) => this.o.onDiagnostic?.(`sampling: ${err instanceof Error ? err.message : String(err)}`));
      this.sampleTimer = setInterval(() => {
        this.sampleAll().catch((err) => this.o.onDiagnostic?.(`sampling: ${err instanceof Error ? err.message : String(err)}`));
      }, this.o.sampleIntervalMs);
      this.sampleTimer.unref?.();
    }
  }

  stop(): void {
    this.follower?.stop();
    if (this.sampleTimer) clearInterval(this.sampleTimer);
  }

  /** True once a container (by name or id) has been inspected and judged. */
  isTracked(nameOrId: string): boolean {
    for (const t of this.tracked.values()) if (t.inspect.Id === nameOrId || containerName(t.inspect) === nameOrId) return true;
    return false;
  }

  /** Wait until every queued inspection has been handled (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((err) => this.o.onDiagnostic?.(`watch: ${err instanceof Error ? err.message : String(err)}`));
  }

  private onEngineEvent(e: EngineEvent): void {
    this.eventsSeen++;
    const r = reactionTo(e);
    if (!r) return;
    // Inspect at once, not when the queue gets there: a container that exits within milliseconds (and is
    // removed with --rm) can still be read while a burst of earlier events is being handled.
    const pre = r.kind === 'container' || r.kind === 'exec' ? this.inspect(r.containerId).catch(() => undefined) : undefined;
    pre?.catch(() => undefined);
    this.enqueue(() => this.react(r, pre, e.Actor.Attributes));
  }

  private async reviewExisting(): Promise<void> {
    const list = await this.o.client.json<Array<{ Id: string }>>('/containers/json?all=1');
    for (const c of list) this.enqueue(() => this.react({ kind: 'container', containerId: c.Id, why: 'review' }));
    await this.idle();
  }

  private async inspect(id: string): Promise<ContainerInspect | undefined> {
    const r = await this.o.client.request<ContainerInspect>(`/containers/${encodeURIComponent(id)}/json`, { timeoutMs: 15_000 });
    return r.status === 200 ? r.body : undefined;
  }

  private async react(r: Reaction, pre?: Promise<ContainerInspect | undefined>, attrs?: Readonly<Record<string, string>>): Promise<void> {
    if (r.kind === 'forget') { this.tracked.delete(r.containerId); return; }
    if (r.kind === 'image') {
      await this.raise(this.o.analyzer.image(r.image), undefined, r.why);
      return;
    }
    let inspect = (await pre) ?? await this.inspect(r.containerId);
    if (!inspect) {
      await this.judgeVanished(r.containerId, attrs, r.why);
      return;
    }
    const t = this.track(inspect);
    // Brought back after a response (docker start, restart, unpause): read the state now, not as the event
    // found it (the start of `docker run` arrives after a kill at create), and take the response again.
    if (t.decided && t.responded && (r.why === 'start' || r.why === 'restart' || r.why === 'unpause')) {
      inspect = (await this.inspect(r.containerId)) ?? inspect;
      t.inspect = inspect;
      if (inspect.State?.Running && !(t.decided === 'pause' && inspect.State.Paused)) {
        t.responded = false;
        t.pending = t.decided;
      }
    }
    if (r.kind === 'container') {
      const files = await this.filesOf(t, watchedInput(inspect), r.why === 'archive upload' ? 'upload' : 'event');
      await this.raise(this.o.analyzer.container(inspect, files), t, r.why);
      if (t.pending && inspect.State?.Running && !(t.pending === 'pause' && inspect.State.Paused)) await this.carryOut(t, t.pending, r.why);
      return;
    }
    let cmd: string | string[] | undefined = r.command;
    if (r.execId) {
      const x = await this.o.client.request<ExecInspect>(`/exec/${encodeURIComponent(r.execId)}/json`, { timeoutMs: 10_000 });
      const pc = x.status === 200 ? x.body.ProcessConfig : undefined;
      if (pc?.entrypoint) cmd = [pc.entrypoint, ...(pc.arguments ?? [])];
    }
    if (cmd === undefined) return;
    const text = Array.isArray(cmd) ? cmd.join(' ') : cmd;
    if (!t.execCmds.includes(text)) t.execCmds.push(text);
    const files = await this.filesOf(t, { execCmds: [cmd] }, 'event');
    await this.raise(this.o.analyzer.exec(inspect, cmd, files), t, r.why);
  }

  /**
   * A container gone before it could be inspected (it ran for milliseconds with --rm): what the event still
   * says — its name and image — is judged, so a miner image is not missed for being quick.
   */
  private async judgeVanished(id: string, attrs: Readonly<Record<string, string>> | undefined, why: string): Promise<void> {
    const image = attrs?.image;
    if (!image || this.tracked.has(id)) return;
    this.o.onDiagnostic?.(`container ${id.slice(0, 12)} was gone before it could be inspected (${why}); judging its image ${image}`);
    const gone: ContainerInspect = { Id: id, Name: `/${attrs.name ?? id.slice(0, 12)}`, Config: { Image: image } };
    const t: Tracked = { inspect: gone, alerted: new Set(), responded: true, execCmds: [], files: new Map(), retried: new Set() };
    this.tracked.set(id, t); // judged once: its later events (start, die) find it tracked; destroy forgets it
    await this.raise(this.o.analyzer.image(image), t, `${why} (container gone before inspection)`);
  }

  /** Config files the commands name, read from the container (which ones and when: pathsToRead). */
  private async filesOf(t: Tracked, input: Parameters<typeof configPathsOf>[0], mode: 'event' | 'upload' | 'sample'): Promise<ArchiveMember[]> {
    const todo = pathsToRead(configPathsOf(input, t.inspect.Config?.WorkingDir ?? '/'), t.files, t.retried, mode);
    if (todo.length > 0) {
      const got = await readContainerFiles(this.o.client, t.inspect.Id, todo).catch(() => []);
      for (const p of todo) t.files.set(p, got.find((f) => f.path === p) ?? null);
    }
    return [...t.files.values()].filter((f): f is ArchiveMember => f !== null);
  }

  private track(inspect: ContainerInspect): Tracked {
    let t = this.tracked.get(inspect.Id);
    if (!t) {
      t = { inspect, alerted: new Set(), responded: false, execCmds: [], files: new Map(), retried: new Set() };
      this.tracked.set(inspect.Id, t);
    } else {
      t.inspect = inspect;
    }
    return t;
  }

  /**
   * One sampling pass over running containers; skipped if the previous pass is still going. CPU readings are
   * requested for all of them at once (bounded): the engine answers each only at its next 1 s collection, so
   * reading them one by one would stretch a pass over 200 containers to minutes. Processes are read a few
   * containers at a time, so a pass over 200 stays well inside the sampling period.
   */
  async sampleAll(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    const started = performance.now();
    try {
      const running = [...this.tracked.values()].filter((t) => t.inspect.State?.Running && !t.inspect.State.Paused);
      const cpuLimit = pLimit(CPU_READS_AT_ONCE);
      const cpu = new Map(running.map((t) => [t, cpuLimit(() => this.readCpuOf(t))] as const));
      // Processes are read a few containers at a time: each `top` makes the engine run ps in the container.
      const procLimit = pLimit(PROCESS_READS_AT_ONCE);
      await Promise.all(running.map((t) => procLimit(async () => {
        const fresh = await this.inspect(t.inspect.Id).catch(() => undefined);
        if (!fresh?.State?.Running || fresh.State.Paused) { if (fresh) t.inspect = fresh; return; }
        t.inspect = fresh;
        const procs = await sampleProcesses(this.o.client, fresh.Id).catch(() => []);
        const conns = sampleConnections(fresh, this.o.localEngine);
        const files = await this.filesOf(t, { processes: procs }, 'sample');
        await this.raise(this.o.analyzer.processes(fresh, procs, conns, this.cpuUse(t, fresh, await cpu.get(t)), files), t, 'sample');
      })));
      this.samplePassMs.push(performance.now() - started);
      if (this.samplePassMs.length > 100) this.samplePassMs.shift();
    } finally {
      this.sampling = false;
    }
  }

  /** One CPU reading for the container (undefined when sampling is off or the engine reports none). */
  private async readCpuOf(t: Tracked): Promise<CpuReading | undefined> {
    if (!this.cpuCfg) return undefined;
    return readCpu(this.o.client, t.inspect.Id).catch(() => undefined);
  }

  /** Add a CPU reading to the container's window; the sustained use once the window is full. */
  private cpuUse(t: Tracked, c: ContainerInspect, reading: CpuReading | undefined): DetectionCpu | undefined {
    const cfg = this.cpuCfg;
    if (!reading || !cfg) return undefined;
    t.cpu ??= new CpuWindow(cfg.samples);
    t.cpu.push(reading);
    const usage = t.cpu.usage();
    if (!usage) return undefined;
    const limitCores = cpuLimitCores(c);
    return { ...usage, thresholdCores: cfg.cores, ...(limitCores !== undefined ? { limitCores } : {}) };
  }

  private async raise(findings: readonly Finding[], t: Tracked | undefined, trigger: string): Promise<void> {
    const min = severityRank(this.o.policy.minSeverity);
    const due = findings.filter((f) => severityRank(f.severity) >= min);
    if (due.length === 0) return;
    const c = t?.inspect;
    const container = c
      ? { id: c.Id, name: containerName(c), image: containerImage(c) }
      : { id: '', name: '', image: findings[0]?.target ?? '' };
    if (c && isAllowed(this.o.policy, container.image, c.Config?.Labels ?? {})) return;
    const fresh = due.filter((f) => {
      const key = `${f.ruleId}|${f.evidence[0]?.location ?? ''}|${f.evidence[0]?.value ?? ''}`;
      const seen = t ? t.alerted : this.imageAlerted;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0) return;
    let outcome: ResponseOutcome = { action: 'alert', done: true, dryRun: this.o.dryRun, detail: 'alert only' };
    const action = actionFor(this.o.policy, fresh);
    const prior = t?.decided;
    const stronger = prior === undefined || responseStrength(action) > responseStrength(prior);
    if (t && action !== 'alert' && stronger) t.decided = action;
    if (c && t && action !== 'alert' && (!t.responded || stronger)) {
      if (c.State?.Running || this.o.dryRun) {
        outcome = await this.carryOut(t, action, trigger);
      } else {
        // Created but not running: nothing to stop yet. The response waits for the container's start.
        t.pending = action;
        outcome = { action, done: false, dryRun: this.o.dryRun, detail: 'deferred until the container starts' };
      }
    }
    for (const f of fresh) {
      this.alertsRaised++;
      this.o.events.emit('watch.alert.raised', {
        rule: f.ruleId, severity: f.severity, title: f.title, message: f.message, container,
        evidence: f.evidence, attack: f.attack ?? [], remediation: f.remediation, trigger,
        response: { action: outcome.action, done: outcome.done, dryRun: outcome.dryRun, detail: outcome.detail },
      });
      this.o.onAlert?.({ finding: f, container, trigger, response: outcome });
    }
  }

  private readonly imageAlerted = new Set<string>();

  private async carryOut(t: Tracked, action: ResponseAction, trigger: string): Promise<ResponseOutcome> {
    const c = t.inspect;
    const outcome = await respond(this.o.client, c.Id, action, this.o.dryRun);
    t.responded = outcome.done && !outcome.dryRun;
    if (t.responded || outcome.dryRun) t.pending = undefined;
    this.o.events.emit(outcome.done ? 'watch.response.taken' : 'watch.response.failed', {
      container: { id: c.Id, name: containerName(c), image: containerImage(c) },
      action: outcome.action, dry_run: outcome.dryRun, detail: outcome.detail, trigger,
    });
    return outcome;
  }
}
