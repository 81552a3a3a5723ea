// Periodic sampling of running containers' processes (`/top`) and, on the engine's own host, their network
// connections from /proc: catches miners started after creation (exec'd in, dropped by a script later).
import type { EngineClient } from '../core/engine/index.js';
import { connectionsOf, type Connection } from './proc-net.js';
import type { ContainerInspect, TopResult } from './inspect-types.js';

export interface ProcessSample {
  readonly pid: string;
  readonly user: string;
  readonly cmd: string;
}

/** Read `/top` with the columns the rules need. */
export async function sampleProcesses(client: EngineClient, id: string): Promise<ProcessSample[]> {
  const r = await client.request<TopResult>(`/containers/${encodeURIComponent(id)}/top?ps_args=${encodeURIComponent('-eo pid,user,args')}`, { timeoutMs: 10_000 });
  if (r.status !== 200 || !r.body || !Array.isArray(r.body.Titles)) return [];
  const t = r.body.Titles.map((x) => x.toUpperCase());
  const iPid = t.indexOf('PID');
  const iUser = t.indexOf('USER');
  const iCmd = t.findIndex((x) => x === 'COMMAND' || x === 'CMD' || x === 'ARGS');
  return r.body.Processes.map((p) => ({
    pid: p[iPid] ?? '',
    user: iUser >= 0 ? p[iUser] ?? '' : '',
    cmd: iCmd >= 0 ? p.slice(iCmd).join(' ') : p.join(' '),
  }));
}

/** Connections of the container's network namespace, when the engine runs on this host and /proc is readable. */
export function sampleConnections(c: ContainerInspect, local: boolean): Connection[] {
  const pid = c.State?.Pid;
  if (!local || !pid || pid <= 0) return [];
  return connectionsOf(pid);
}
