// The watcher's analyzer wired to the core: detection rules (miners, campaign tactics) over the inspected
// container, its health check, execs, sampled processes and the config files its commands name, plus the
// docker-api risk analysis of its HostConfig.
import { analyzeHostConfig } from '../core/docker-api/index.js';
import type { HostConfig } from '../core/docker-api/index.js';
import type { Finding } from '../core/report/finding.js';
import { detect, detectionInputFromInspect, type ArchiveMember, type DetectionCpu, type DetectionInput } from '../core/rules/index.js';
import type { Analyzer } from './analyzer.js';
import { containerName, type ContainerInspect } from './inspect-types.js';
import type { Connection } from './proc-net.js';
import type { ProcessSample } from './sampler.js';

/**
 * Inspect output carries the engine's defaults, not only what the creator asked for: on cgroup v1 hosts every
 * container shows CgroupnsMode=host. From inspect that alone is hygiene, not an alarm.
 */
function fromInspect(f: Finding): Finding {
  if (f.ruleId === 'PCL-CFG-010') return { ...f, severity: 'low', message: `${f.message} (the engine's default on cgroup v1 hosts)` };
  return f;
}

/** The health check's command (["CMD-SHELL", script] or ["CMD", argv...]): the engine runs it in the container. */
export function healthcheckCommand(inspect: ContainerInspect): string | string[] | undefined {
  const test = inspect.Config?.Healthcheck?.Test;
  if (!Array.isArray(test) || test.length < 2) return undefined;
  if (test[0] === 'CMD-SHELL') return test.slice(1).join(' ');
  if (test[0] === 'CMD') return test.slice(1);
  return undefined;
}

/** What the rules read of a container: inspect, the health check's command, and files read from it. */
export function watchedInput(inspect: ContainerInspect, files: readonly ArchiveMember[] = [], execCmd?: string | readonly string[]): DetectionInput {
  const health = healthcheckCommand(inspect);
  const base = detectionInputFromInspect(inspect);
  return {
    ...base,
    ...(execCmd !== undefined ? { execCmds: [execCmd] } : health !== undefined ? { execCmds: [health] } : {}),
    ...(files.length > 0 ? { archiveMembers: files } : {}),
    // Files read from the container keep the `archive:PATH` location: they come through the archive API.
    fields: { exec: execCmd !== undefined ? 'exec' : 'Config.Healthcheck.Test' },
  };
}

export function createCoreAnalyzer(): Analyzer {
  return {
    container(inspect: ContainerInspect, files?: readonly ArchiveMember[]): Finding[] {
      const target = containerName(inspect);
      return [
        ...detect(watchedInput(inspect, files), { target }),
        ...analyzeHostConfig((inspect.HostConfig ?? {}) as HostConfig, { target }).map(fromInspect),
      ];
    },
    exec(inspect: ContainerInspect, cmd: string | readonly string[], files?: readonly ArchiveMember[]): Finding[] {
      return detect(watchedInput(inspect, files, cmd), { target: containerName(inspect) });
    },
    processes(inspect: ContainerInspect, processes: readonly ProcessSample[], connections: readonly Connection[], cpu?: DetectionCpu,
      files?: readonly ArchiveMember[]): Finding[] {
      if (processes.length === 0 && connections.length === 0 && !cpu && !files?.length) return [];
      return detect({ ...watchedInput(inspect, files), processes, connections, ...(cpu ? { cpu } : {}) }, { target: containerName(inspect) });
    },
    image(ref: string): Finding[] {
      return detect({ image: ref }, { target: ref });
    },
  };
}
