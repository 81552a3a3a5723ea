// What the watcher asks of the core's rules: findings for a container, an exec, sampled processes,
// connections and CPU use, and a pulled image. The default implementation (core-analyzer.ts) wires the core rules.
import type { Finding } from '../core/report/finding.js';
import type { ArchiveMember, DetectionCpu } from '../core/rules/index.js';
import type { ContainerInspect } from './inspect-types.js';
import type { Connection } from './proc-net.js';
import type { ProcessSample } from './sampler.js';

/** `files`: configuration files the container's commands name, read from the container (config-files.ts). */
export interface Analyzer {
  container(inspect: ContainerInspect, files?: readonly ArchiveMember[]): Finding[];
  exec(inspect: ContainerInspect, cmd: string | readonly string[], files?: readonly ArchiveMember[]): Finding[];
  processes(inspect: ContainerInspect, processes: readonly ProcessSample[], connections: readonly Connection[], cpu?: DetectionCpu,
    files?: readonly ArchiveMember[]): Finding[];
  image(ref: string): Finding[];
}
