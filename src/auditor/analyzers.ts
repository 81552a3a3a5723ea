// Plugs the core's container risk analysis (PCL-CFG) and detection rules (PCL-MIN/TTP) into the audit: stored containers are judged by the same
// rules the guard applies to create requests. An analyzer that throws costs a note, never the audit.
import type { ContainerAnalyzer, Inspect } from '../core/checks/index.js';
import { analyzeHostConfig, analyzeVolumeCreate, envSecretFindings } from '../core/docker-api/risk/index.js';
import type { Finding } from '../core/report/finding.js';
import { detect, detectionInputFromInspect } from '../core/rules/index.js';

type HostConfigArg = Parameters<typeof analyzeHostConfig>[0];

/** PCL-CFG findings from an inspect document: HostConfig (privileged, caps, devices, namespaces, mounts, limits...)
 * and credentials in Config.Env. */
export const riskAnalyzer: ContainerAnalyzer = (inspect: Inspect, target: string): readonly Finding[] => {
  const hc = (inspect.HostConfig ?? {}) as HostConfigArg;
  const env = (inspect.Config as { Env?: unknown } | undefined)?.Env;
  return [
    ...analyzeHostConfig(hc, { target, prefix: 'HostConfig' }),
    ...envSecretFindings(Array.isArray(env) ? env.filter((e): e is string => typeof e === 'string') : [], 'Config.Env', target),
  ];
};

/**
 * PCL-CFG-018 for stored containers: a named volume the container mounts that is a bind of a host directory
 * (local driver, o=bind, device=...). Only GET /volumes says so; the inspect document shows a volume name.
 */
export function volumeAnalyzer(volumes: ReadonlyMap<string, Inspect>): ContainerAnalyzer {
  return (inspect: Inspect, target: string): readonly Finding[] => {
    const mounts = Array.isArray(inspect.Mounts) ? inspect.Mounts as Inspect[] : [];
    return mounts.flatMap((m, i) => {
      const v = m?.Type === 'volume' && typeof m.Name === 'string' ? volumes.get(m.Name) : undefined;
      if (!v) return [];
      const opts = Object.fromEntries(Object.entries((v.Options ?? {}) as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
      return analyzeVolumeCreate({ Name: m.Name as string, Driver: typeof v.Driver === 'string' ? v.Driver : 'local', DriverOpts: opts }, { target })
        .map((f) => ({ ...f, message: `${f.message}, mounted at ${String(m.Destination ?? '?')}`,
          evidence: [{ kind: 'field' as const, location: `${target} Mounts[${i}]`, value: `volume ${m.Name as string}` }, ...f.evidence] }));
    });
  };
}

/** Campaign signs (PCL-MIN miners, PCL-TTP tactics) in a stored container's command, env, mounts and labels. */
export const campaignAnalyzer: ContainerAnalyzer = (inspect: Inspect, target: string): readonly Finding[] =>
  detect(detectionInputFromInspect(inspect), { target });

/** Wrap analyzers so one failing on an odd document becomes a note. */
export function guarded(analyzers: readonly ContainerAnalyzer[], notes: string[]): ContainerAnalyzer[] {
  return analyzers.map((a) => (inspect: Inspect, target: string) => {
    try {
      return a(inspect, target);
    } catch (err) {
      notes.push(`analysis of ${target} failed: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  });
}

export const DEFAULT_ANALYZERS: readonly ContainerAnalyzer[] = [riskAnalyzer, campaignAnalyzer];
