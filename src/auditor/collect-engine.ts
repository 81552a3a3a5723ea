// Collects the engine part of the audit over the Docker API: /version, /info and the full inspect of every
// container, stopped ones included (all=1), image HEALTHCHECKs and running containers' processes (collect-cis.ts),
// plus the host identity of bind sources to spot a renamed socket.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { bindsOf, volumesByName, type BindSourceFact, type EngineFacts, type Inspect } from '../core/checks/index.js';
import { EngineClient, resolveDockerHost, type EngineEndpoint } from '../core/engine/index.js';
import { PortcullisError } from '../core/errors/index.js';
import { collectImages, collectTop } from './collect-cis.js';
import { toStat } from './root-fs.js';

export interface EngineTarget {
  /** --docker-host as given (explicit: failures are errors). */
  readonly explicit?: string;
  /** Environment (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
  readonly env: NodeJS.ProcessEnv;
  /** Offline root without --docker-host: no engine is asked. */
  readonly offline: boolean;
  /** Unix sockets running dockerd processes serve, tried when the default socket does not exist. */
  readonly running?: readonly string[];
}

const MAX_CONTAINERS = 5000;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Ask the engine; never throws unless the host was given explicitly with --docker-host. */
export async function collectEngine(t: EngineTarget, notes: string[]): Promise<EngineFacts> {
  if (t.offline && !t.explicit) {
    notes.push('offline root: the engine was not asked (give --docker-host to include containers and /info)');
    return { endpoint: '(none)', absent: true };
  }
  let endpoint: EngineEndpoint;
  try {
    endpoint = resolveDockerHost(t.explicit, t.env);
  } catch (err) {
    if (t.explicit) throw err;
    notes.push(`DOCKER_HOST is not usable: ${reason(err)}`);
    return { endpoint: String(t.env.DOCKER_HOST), error: reason(err) };
  }
  const fromEnv = !t.explicit && !!t.env.DOCKER_HOST;
  if (endpoint.kind === 'unix' && !t.explicit && !fromEnv && !existsSync(endpoint.socketPath)) {
    const other = (t.running ?? []).find((s) => existsSync(s));
    if (!other) return { endpoint: endpoint.display, absent: true };
    endpoint = { kind: 'unix', socketPath: other, display: `unix://${other}` };
    notes.push(`the default socket does not exist; auditing the engine of the running dockerd at ${endpoint.display}`);
  }
  const client = new EngineClient(endpoint);
  try {
    const version = await client.json<Record<string, unknown>>('/version', 10_000);
    const info = await client.json<Record<string, unknown>>('/info', 10_000);
    const list = await client.json<{ Id: string }[]>('/containers/json?all=1', 20_000);
    const containers: Inspect[] = [];
    for (const c of list.slice(0, MAX_CONTAINERS)) {
      try {
        containers.push(await client.json<Inspect>(`/containers/${encodeURIComponent(c.Id)}/json`, 10_000));
      } catch (err) {
        // A container removed between list and inspect is gone, not a gap in the audit.
        if (err instanceof PortcullisError && err.details?.status === 404) continue;
        notes.push(`container ${c.Id.slice(0, 12)} could not be inspected: ${reason(err)}`);
      }
    }
    if (list.length > MAX_CONTAINERS) notes.push(`only the first ${MAX_CONTAINERS} of ${list.length} containers were inspected`);
    // Named volumes tell which mounts are host directories (local driver, o=bind): one list, not one call per volume.
    let volumes: Inspect[] | undefined;
    try {
      const v = await client.json<{ Volumes?: Inspect[] | null }>('/volumes', 20_000);
      volumes = Array.isArray(v.Volumes) ? v.Volumes : [];
    } catch (err) {
      notes.push(`volumes could not be listed (bind-backed named volumes are not checked): ${reason(err)}`);
    }
    // For the CIS checks: image HEALTHCHECKs and the processes of running containers (sshd).
    const images = await collectImages(client, containers, notes);
    const top = await collectTop(client, containers, notes);
    return { endpoint: endpoint.display, version, info, containers, ...(volumes ? { volumes } : {}), images, top };
  } catch (err) {
    if (t.explicit) {
      throw err instanceof PortcullisError ? err
        : new PortcullisError('PCL_ERR_DOCKER_UNREACHABLE', `cannot query the engine at ${endpoint.display}: ${reason(err)}`, { cause: err });
    }
    const denied = /EACCES/.test(reason(err));
    notes.push(denied ? `cannot talk to the engine at ${endpoint.display}: permission denied (run as root or as a docker group member to audit containers)`
      : `cannot talk to the engine at ${endpoint.display}: ${reason(err)}`);
    return { endpoint: endpoint.display, error: reason(err) };
  }
}

/** Resolve bind sources on this machine (only meaningful when the engine is local and the root is "/"). */
export function resolveBindSources(containers: readonly Inspect[], volumes?: readonly Inspect[]): Record<string, BindSourceFact> {
  const out: Record<string, BindSourceFact> = {};
  const byName = volumesByName(volumes);
  for (const c of containers) {
    // Own binds, binds inherited with --volumes-from and bind-backed named volumes, as the checks read them.
    const sources = bindsOf(c, byName).map((b) => b.source);
    for (const s of sources) {
      if (s in out) continue;
      try {
        out[s] = { source: s, realpath: realpathSync(s), stat: toStat(statSync(s)) };
      } catch {
        out[s] = { source: s };
      }
    }
  }
  return out;
}
