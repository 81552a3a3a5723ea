// Where the engine is: resolves --docker-host / DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH the way the
// docker CLI does, so every front end that talks to an engine (audit, watch, guard upstream) agrees.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { PortcullisError } from '../errors/index.js';

export type EngineEndpoint =
  | { readonly kind: 'unix'; readonly socketPath: string; readonly display: string }
  | {
    readonly kind: 'tcp';
    readonly host: string;
    readonly port: number;
    readonly display: string;
    readonly tls?: { readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly verify: boolean };
  };

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

function readCert(dir: string, file: string): Buffer | undefined {
  try {
    return readFileSync(join(dir, file));
  } catch {
    return undefined;
  }
}

/**
 * Resolve an engine endpoint from an explicit host or the environment.
 * @example resolveDockerHost('tcp://127.0.0.1:2375') // { kind: 'tcp', host: '127.0.0.1', port: 2375 }
 */
export function resolveDockerHost(explicit?: string, env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  const raw = explicit ?? (env.DOCKER_HOST && env.DOCKER_HOST !== '' ? env.DOCKER_HOST : DEFAULT_DOCKER_HOST);
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length);
    if (!socketPath) throw new PortcullisError('PCL_ERR_CLI_USAGE', `docker host "${raw}" has no socket path; use unix:///var/run/docker.sock`);
    return { kind: 'unix', socketPath, display: raw };
  }
  if (raw.startsWith('/')) return { kind: 'unix', socketPath: raw, display: `unix://${raw}` };
  const m = /^(?:tcp|https?):\/\/(\[[0-9a-fA-F:.]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(raw);
  if (!m) {
    throw new PortcullisError('PCL_ERR_CLI_USAGE',
      `cannot read docker host "${raw}": use unix:///path/to/docker.sock or tcp://HOST:PORT`);
  }
  const host = (m[1] as string).replace(/^\[|\]$/g, '');
  const tlsVerify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const useTls = tlsVerify || raw.startsWith('https://');
  const port = m[2] ? Number(m[2]) : useTls ? 2376 : 2375;
  if (!useTls) return { kind: 'tcp', host, port, display: `tcp://${m[1]}:${port}` };
  const certDir = env.DOCKER_CERT_PATH && env.DOCKER_CERT_PATH !== '' ? env.DOCKER_CERT_PATH : join(homedir(), '.docker');
  return {
    kind: 'tcp', host, port, display: `tcp://${m[1]}:${port} (tls)`,
    tls: { ca: readCert(certDir, 'ca.pem'), cert: readCert(certDir, 'cert.pem'), key: readCert(certDir, 'key.pem'), verify: tlsVerify },
  };
}
