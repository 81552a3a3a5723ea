// One attacker session's view of the emulated engine: images it pulled, containers and execs it created, on
// top of the configured decoys. Nothing here runs anything; "running" is a flag and a timer.
import type { TrapConfig } from './config.js';
import { newObjectId, stableHex } from './ids.js';
import { parseImageRef, isRefError } from './image-ref.js';

export type ContainerStatus = 'created' | 'running' | 'exited';

export interface EmuImage {
  readonly id: string;
  readonly ref: string;
  readonly created: number;
  readonly size: number;
  /** Made here (commit, build, load): never pulled, so no registry digest; `ownLayer` when a commit had changes to keep. */
  readonly local?: boolean;
  readonly ownLayer?: boolean;
  /** The Config a commit gave it (otherwise the image's canned one). */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface EmuContainer {
  readonly id: string;
  name: string;
  readonly image: string;
  readonly imageId: string;
  readonly created: number;
  /** The attacker's Config as sent (echoed by inspect). */
  readonly config: Record<string, unknown>;
  readonly hostConfig: Record<string, unknown>;
  readonly cmd: readonly string[];
  readonly entrypoint: readonly string[];
  readonly tty: boolean;
  readonly decoy: boolean;
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  startedAt?: number;
  finishedAt?: number;
  /** Whether the emulated process keeps running (servers, `tail -f`, `sleep infinity`). */
  readonly longRunning: boolean;
  /** Networks attached after `network connect`/`disconnect` (name → id); unset means only the NetworkMode one. */
  networks?: Map<string, string>;
  /** `docker pause`d (a running container only; cleared when it exits). */
  paused?: boolean;
  exitTimer?: ReturnType<typeof setTimeout>;
  /** Held `wait` requests; each returns true once answered (exit or removal, per its condition). */
  waiters: Array<(code: number, event: 'exit' | 'removed') => boolean>;
  /** Inert output the emulated process "printed" (computed at start), and what it wrote to stderr. */
  output: string;
  errOutput?: string;
}

export interface EmuExec {
  readonly id: string;
  readonly containerId: string;
  readonly cmd: readonly string[];
  readonly tty: boolean;
  readonly user: string;
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly privileged: boolean;
  readonly attachStdin: boolean;
  readonly attachStdout: boolean;
  readonly attachStderr: boolean;
  running: boolean;
  exitCode: number | null;
  pid: number;
}

const LONG_RUNNING = /tail\s+-f|sleep\s+(inf|\d{3,})|while\s+(true|:)|nginx|redis-server|postgres|httpd|sshd\s+-D|-D\b|xmrig|kdevtmpfsi/;

/** Rough uncompressed size of a familiar image, so `images/json` looks plausible. */
function imageSize(ref: string, seedMb?: number): number {
  if (seedMb) return Math.round(seedMb * 1_000_000);
  const h = parseInt(stableHex('size', ref).slice(0, 6), 16);
  return 5_000_000 + (h % 150_000_000);
}

/** One entry of dockerd's event stream (`GET /events`). */
export interface DockerEvent {
  readonly Type: 'container' | 'image' | 'network' | 'volume';
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Readonly<Record<string, string>> };
  readonly scope: 'local';
  readonly time: number;
  readonly timeNano: number;
  readonly status?: string;
  readonly id?: string;
  readonly from?: string;
}

const MAX_DOCKER_EVENTS = 256;

export class SessionState {
  /** Recent engine events (bounded) and live `GET /events` subscribers. */
  readonly dockerEvents: DockerEvent[] = [];
  readonly eventListeners = new Set<(e: DockerEvent) => void>();
  readonly images = new Map<string, EmuImage>();
  readonly containers = new Map<string, EmuContainer>();
  readonly execs = new Map<string, EmuExec>();
  private nextPid: number;

  constructor(private readonly cfg: TrapConfig, private readonly startedAt: number) {
    this.nextPid = 2000 + (parseInt(stableHex(cfg.sensor, 'pid').slice(0, 4), 16) % 20000);
    for (const img of cfg.decoys.images) this.addImage(img.ref, startedAt - 86_400_000 * 30, img.sizeMb);
    for (const d of cfg.decoys.containers) {
      const image = this.addImage(d.image, startedAt - 86_400_000 * 30);
      const id = stableHex(cfg.sensor, 'decoy', d.name);
      const started = startedAt - d.uptime * 1000;
      this.containers.set(id, {
        id, name: d.name, image: image.ref, imageId: image.id, created: started - 5000,
        config: { Image: d.image, Cmd: d.cmd, Labels: d.labels, Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
        hostConfig: { NetworkMode: 'default', RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } },
        cmd: d.cmd, entrypoint: [], tty: false, decoy: true, status: d.running ? 'running' : 'exited',
        pid: d.running ? this.pid() : 0, exitCode: d.running ? 0 : 137, startedAt: started,
        finishedAt: d.running ? undefined : started + 60_000, longRunning: true, waiters: [], output: '',
      });
    }
  }

  /** Append an engine event (what `docker events` would show) and notify live streams. */
  dockerEvent(type: DockerEvent['Type'], action: string, id: string, attributes: Record<string, string>, now: number): void {
    const legacy = type === 'container' ? { status: action, id, from: attributes.image ?? '' } : {};
    // dockerd puts the container's labels among the attributes (what `docker events --filter label=` matches).
    const labels = type === 'container' ? this.containers.get(id)?.config.Labels : undefined;
    if (labels && typeof labels === 'object') attributes = { ...(labels as Record<string, string>), ...attributes };
    const e: DockerEvent = { ...legacy, Type: type, Action: action, Actor: { ID: id, Attributes: attributes }, scope: 'local',
      time: Math.floor(now / 1000), timeNano: now * 1_000_000 };
    this.dockerEvents.push(e);
    if (this.dockerEvents.length > MAX_DOCKER_EVENTS) this.dockerEvents.shift();
    for (const l of this.eventListeners) l(e);
  }

  pid(): number {
    this.nextPid += 1 + (this.nextPid % 7);
    return this.nextPid;
  }

  /** Add (or find) an image by reference; ids are stable per sensor and reference. */
  addImage(ref: string, created: number, sizeMb?: number, id?: string, local = false, config?: Record<string, unknown>, ownLayer = false): EmuImage {
    const parsed = parseImageRef(ref);
    const key = isRefError(parsed) ? ref : parsed.familiar;
    const found = this.images.get(key);
    if (found) return found;
    const img: EmuImage = { id: id ?? `sha256:${stableHex(this.cfg.sensor, 'image', key)}`, ref: key, created, size: imageSize(key, sizeMb), ...(local ? { local } : {}), ...(config ? { config } : {}), ...(ownLayer ? { ownLayer } : {}) };
    this.images.set(key, img);
    return img;
  }

  /** Find an image by familiar ref, `sha256:` id or id prefix. */
  findImage(nameOrId: string): EmuImage | undefined {
    const parsed = parseImageRef(nameOrId);
    if (!isRefError(parsed)) {
      const byRef = this.images.get(parsed.familiar);
      if (byRef) return byRef;
    }
    const want = nameOrId.replace(/^sha256:/, '').toLowerCase();
    if (!/^[0-9a-f]{4,64}$/.test(want)) return undefined;
    for (const img of this.images.values()) if (img.id.slice(7).startsWith(want)) return img;
    return undefined;
  }

  /** Find a container by full id, unique id prefix or name (with or without the leading '/'). */
  findContainer(ref: string): EmuContainer | undefined {
    const byId = this.containers.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^\//, '');
    for (const c of this.containers.values()) if (c.name === name) return c;
    if (!/^[0-9a-f]{1,63}$/.test(ref)) return undefined;
    let hit: EmuContainer | undefined;
    for (const c of this.containers.values()) {
      if (c.id.startsWith(ref)) {
        if (hit) return undefined;
        hit = c;
      }
    }
    return hit;
  }

  /** Create a container record (caller validated image and name). */
  createContainer(args: { name: string | undefined; image: EmuImage; imageRef: string; config: Record<string, unknown>;
    hostConfig: Record<string, unknown>; cmd: readonly string[]; entrypoint: readonly string[]; tty: boolean; now: number }): EmuContainer {
    const id = newObjectId();
    const name = args.name ?? generatedName(id);
    const text = [...args.entrypoint, ...args.cmd].join(' ');
    const c: EmuContainer = {
      id, name, image: args.imageRef, imageId: args.image.id, created: args.now, config: args.config,
      hostConfig: args.hostConfig, cmd: args.cmd, entrypoint: args.entrypoint, tty: args.tty, decoy: false,
      status: 'created', pid: 0, exitCode: 0, longRunning: LONG_RUNNING.test(text), waiters: [], output: '',
    };
    this.containers.set(id, c);
    return c;
  }

  createExec(c: EmuContainer, body: { cmd: readonly string[]; tty: boolean; user: string; env: readonly string[]; workingDir: string; privileged: boolean;
    attachStdin: boolean; attachStdout: boolean; attachStderr: boolean }): EmuExec {
    const e: EmuExec = { id: newObjectId(), containerId: c.id, ...body, running: false, exitCode: null, pid: 0 };
    this.execs.set(e.id, e);
    return e;
  }

  /** Stop every timer (session closed); processes that were due to exit are recorded as exited. */
  dispose(now: number): void {
    for (const c of this.containers.values()) {
      if (!c.exitTimer) continue;
      clearTimeout(c.exitTimer);
      c.exitTimer = undefined;
      if (c.status === 'running') {
        c.status = 'exited';
        c.exitCode = 0;
        c.finishedAt = now;
        c.pid = 0;
      }
    }
    for (const e of this.execs.values()) e.running = false;
  }
}

const ADJECTIVES = ['admiring', 'bold', 'brave', 'clever', 'dreamy', 'eager', 'elastic', 'festive', 'focused', 'gifted',
  'happy', 'hungry', 'jolly', 'keen', 'loving', 'modest', 'nifty', 'peaceful', 'quirky', 'serene', 'sharp', 'vibrant'];
const SURNAMES = ['albattani', 'bardeen', 'bell', 'curie', 'darwin', 'einstein', 'euler', 'feynman', 'galileo', 'hopper',
  'hypatia', 'kepler', 'lovelace', 'meitner', 'newton', 'noether', 'pascal', 'ritchie', 'shannon', 'tesla', 'turing', 'wozniak'];

/** Docker's `adjective_surname` auto names. */
function generatedName(id: string): string {
  const a = parseInt(id.slice(0, 4), 16);
  const b = parseInt(id.slice(4, 8), 16);
  return `${ADJECTIVES[a % ADJECTIVES.length]}_${SURNAMES[b % SURNAMES.length]}`;
}
