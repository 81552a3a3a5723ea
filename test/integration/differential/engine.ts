// A minimal raw client for the lab engine's unix socket: sends the exact body bytes the generator produced
// (no re-encoding) and returns status plus parsed JSON, so the engine sees what the core judged.
import http from 'node:http';

export interface EngineReply {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
}

export function engineRequest(socketPath: string, method: string, path: string, body?: Uint8Array): Promise<EngineReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    if (body) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = body.length;
    }
    const req = http.request({ socketPath, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, text, json });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Remove containers and volumes left by an interrupted earlier run of this suite (only names with `prefix`). */
export async function removeLeftovers(socketPath: string, prefix: string): Promise<void> {
  const filters = encodeURIComponent(JSON.stringify({ name: [prefix] }));
  const cs = await engineRequest(socketPath, 'GET', `/containers/json?all=1&filters=${filters}`);
  for (const c of (cs.json as { Id: string; Names: string[] }[] | undefined) ?? [])
    if (c.Names.some((n) => n.startsWith(`/${prefix}`))) await engineRequest(socketPath, 'DELETE', `/containers/${c.Id}?force=1&v=1`);
  const vs = await engineRequest(socketPath, 'GET', `/volumes?filters=${filters}`);
  for (const v of (vs.json as { Volumes: { Name: string }[] | null } | undefined)?.Volumes ?? [])
    if (v.Name.startsWith(prefix)) await engineRequest(socketPath, 'DELETE', `/volumes/${v.Name}?force=1`);
}
