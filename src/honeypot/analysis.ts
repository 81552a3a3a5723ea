// The one place the trap asks core for judgement: shell commands split out of what the attacker sent, and
// indicators (urls, domains, IPs, wallets, pools, ...) including those inside encoded payloads.
import { analyse, type DetectionInput } from '../core/rules/index.js';

export interface ObservedShellCommand {
  readonly argv: readonly string[];
  /** Field it came from, e.g. `Config.Cmd[2]`. */
  readonly source: string;
  readonly decoded: boolean;
  readonly chroot?: string;
  /** Wrappers the split stepped over (`env`, `sudo`, `nohup`, ...) and the `K=V` words before or inside them. */
  readonly wrappers?: readonly string[];
  readonly assignments?: readonly string[];
  /** Words as written (wrappers included). */
  readonly rawArgv?: readonly string[];
  /** Pipeline id (unique within one analysis), position in it and its length; how sh reached it. */
  readonly pipeline?: number;
  readonly stage?: number;
  readonly pipelineLength?: number;
  readonly origin?: string;
  readonly redirects?: ReadonlyArray<{ readonly op: string; readonly target: string; readonly body?: string }>;
}

export interface ObservedIndicator {
  readonly type: string;
  readonly value: string;
  /** Field path it was found in, when known. */
  readonly location?: string;
  /** Wallet coin or hash kind. */
  readonly kind?: string;
}

export interface TrapAnalysis {
  readonly commands: readonly ObservedShellCommand[];
  readonly indicators: readonly ObservedIndicator[];
}

/** How the trap analyses an input; a parameter so tests and future rule sets can swap it. */
export type Analyse = (input: DetectionInput) => TrapAnalysis;

/** The default analysis, backed by src/core/rules (split, decode, extract). */
export const analyseWithCore: Analyse = (input) => {
  const a = analyse(input);
  return {
    commands: a.commands.map((c) => ({ argv: c.argv, source: c.source, decoded: c.decoded === true, ...(c.chroot ? { chroot: c.chroot } : {}),
      wrappers: c.wrappers, assignments: c.assignments, rawArgv: c.rawArgv,
      pipeline: c.pipeline, stage: c.stage, pipelineLength: c.pipelineLength, origin: c.origin, redirects: c.redirects })),
    indicators: a.indicators.map((i) => ({ type: i.type, value: i.value, ...(i.location ? { location: i.location } : {}), ...(i.kind ? { kind: i.kind } : {}) })),
  };
};
