// The watcher's analyzer wired to the core: detection rules (miners, campaign tactics) over the inspected
// container, its execs and sampled processes, plus the docker-api risk analysis of its HostConfig.
import { analyzeHostConfig } from '../core/docker-api/index.js';
import type { HostConfig } from '../core/docker-api/index.js';
import type { Finding } from '../core/report/finding.js';
import { detect, detectionInputFromInspect, type DetectionCpu } from '../core/rules/index.js';
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

export function createCoreAnalyzer(): Analyzer {
  return {
    container(inspect: ContainerInspect): Finding[] {
      const target = containerName(inspect);
      return [
        ...detect(detectionInputFromInspect(inspect), { target }),
        ...analyzeHostConfig((inspect.HostConfig ?? {}) as HostConfig, { target }).map(fromInspect),
      ];
    },
    exec(inspect: ContainerInspect, cmd: string | readonly string[]): Finding[] {
      const target = containerName(inspect);
      return detect({ ...detectionInputFromInspect(inspect), execCmds: [cmd] }, { target });
    },
    processes(inspect: ContainerInspect, processes: readonly ProcessSample[], connections: readonly Connection[], cpu?: DetectionCpu): Finding[] {
      if (processes.length === 0 && connections.length === 0 && !cpu) return [];
      return detect({ ...detectionInputFromInspect(inspect), processes, connections, ...(cpu ? { cpu } : {}) }, { target: containerName(inspect) });
    },
    image(ref: string): Finding[] {
      return detect({ image: ref }, { target: ref });
    },
  };
}
