// Shared shapes of the detection rules: the one input every front end builds (inspect, create body, top,
// exec, archive), the analysis computed once from it, and the rule module contract.
import type { Severity, Evidence } from '../report/finding.js';
import type { ShellCommand } from './shell/split.js';
import type { DecodedPayload } from './shell/decode.js';
import type { Indicator } from './indicators/extract.js';

/** A host path made visible inside the container (bind or volume), normalised. */
export interface DetectionMount {
  /** Host path (bind source); '' for named volumes. */
  readonly source: string;
  /** Path inside the container. */
  readonly destination: string;
  readonly readOnly?: boolean;
  readonly type?: string;
  /** A host disk a command mounts inside the container (`mount /dev/sda1 /x`, type 'device'); source is then '/'. */
  readonly device?: string;
}

/** One outgoing TCP connection seen from the container's network namespace. */
export interface DetectionConnection {
  /** Remote `address:port`. */
  readonly remote: string;
  readonly remotePort: number;
}

/** One process as `/containers/{id}/top` reports it. */
export interface DetectionProcess {
  readonly pid?: string | number;
  readonly user?: string;
  readonly cmd: string;
}

/**
 * CPU use measured over consecutive samples of the engine's statistics (watcher). Cores are CPU-seconds per
 * second: 1.0 is one core kept busy.
 */
export interface DetectionCpu {
  /** The lowest use over any one interval of the window (sustained means this stays high). */
  readonly minCores: number;
  readonly avgCores: number;
  /** Samples in the window and the seconds they span. */
  readonly samples: number;
  readonly seconds: number;
  /** The container's CPU limit in cores (NanoCpus or CpuQuota/CpuPeriod), when it has one. */
  readonly limitCores?: number;
  /** Cores of sustained use that count as saturation (default CPU_SATURATION_CORES). */
  readonly thresholdCores?: number;
}

/** A file uploaded into (or found in) a container. `content` is a text snippet, capped by the caller. */
export interface ArchiveMember {
  readonly path: string;
  readonly content?: string;
}

/**
 * What the rules look at. Every field is optional: the guard has a create body, the watcher an inspect plus
 * `top`, the honeypot requests, the auditor stored containers. Strings in exec form or shell form both work.
 */
export interface DetectionInput {
  /** Container id or name, used as the finding target when no target option is given. */
  readonly id?: string;
  readonly name?: string;
  readonly image?: string;
  readonly entrypoint?: string | readonly string[] | null;
  readonly cmd?: string | readonly string[] | null;
  /** `KEY=value` strings. */
  readonly env?: readonly string[] | null;
  /** Raw `HostConfig.Binds` strings (`src:dst[:opts]`); normalised into mounts. */
  readonly binds?: readonly string[] | null;
  readonly mounts?: readonly DetectionMount[] | null;
  readonly privileged?: boolean;
  readonly labels?: Readonly<Record<string, string>> | null;
  /** Sampled processes (watcher `top`). */
  readonly processes?: readonly DetectionProcess[] | null;
  /** Exec commands run in the container (exec form or a shell string each). */
  readonly execCmds?: readonly (string | readonly string[])[] | null;
  readonly archiveMembers?: readonly ArchiveMember[] | null;
  /** Live outgoing TCP connections of the container (watcher, from /proc on the engine's host). */
  readonly connections?: readonly DetectionConnection[] | null;
  /** Sustained CPU use from the engine's statistics (watcher). */
  readonly cpu?: DetectionCpu | null;
  /** Free shell text (a script body, attach input). */
  readonly script?: string | null;
  /** Field paths used in evidence; defaults follow `docker inspect` (Config.Cmd, HostConfig.Binds, ...). */
  readonly fields?: Partial<Record<FieldKey, string>>;
}

export type FieldKey = 'image' | 'entrypoint' | 'cmd' | 'env' | 'mounts' | 'binds' | 'labels' | 'processes' | 'exec' |
  'archive' | 'script';

/** Everything rules read, computed once per input by analyse(). */
export interface Analysis {
  readonly input: DetectionInput;
  /** Every shell command split out of every field, decoded payloads included. */
  readonly commands: readonly ShellCommand[];
  readonly payloads: readonly DecodedPayload[];
  readonly indicators: readonly Indicator[];
  readonly mounts: readonly (DetectionMount & { readonly location: string })[];
  /** Plain texts searched by text rules (command words, env values, labels, archive content), with their field. */
  readonly texts: readonly { readonly text: string; readonly location: string }[];
  /** Field path resolver. */
  field(key: FieldKey): string;
}

/** What a rule's check returns; detect() turns it into a Finding. */
export interface RuleHit {
  /** Overrides the rule's default severity (rules go lower on weaker evidence). */
  readonly severity?: Severity;
  readonly message: string;
  readonly evidence: readonly Evidence[];
}

export type RuleArea = 'miner' | 'tactic';

/** A detection rule module. `check` is pure over the analysis. */
export interface DetectionRule {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string;
  readonly remediation: string;
  readonly attack: readonly string[];
  /** Which inputs can carry this evidence (for docs and for front ends that skip work). */
  readonly appliesTo: readonly ('container' | 'exec' | 'process' | 'archive' | 'image' | 'script')[];
  readonly area: RuleArea;
  check(a: Analysis): RuleHit[];
}
