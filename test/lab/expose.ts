// Expose the lab engine on 127.x loopback addresses the way attackers find daemons: plain TCP, TLS that
// accepts any client, and mutual TLS with a generated CA. Byte-for-byte relays with half-close preserved.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { generatePki, type LabPki } from './pki.js';

export type ExposureKind = 'plain' | 'tls-any-client' | 'mtls';

export interface Exposure {
  readonly kind: ExposureKind;
  readonly host: string;
  readonly port: number;
  /** Certificates (TLS kinds only): the CA, server pair and a client bundle signed by the CA. */
  readonly pki?: LabPki;
  close(): Promise<void>;
}

function relay(client: Socket, socketPath: string): void {
  const upstream = createConnection({ path: socketPath, allowHalfOpen: true });
  // Half-close is part of the Docker hijack protocol: forward FIN as end(), never as destroy().
  client.pipe(upstream);
  upstream.pipe(client);
  const kill = () => { client.destroy(); upstream.destroy(); };
  client.on('error', kill);
  upstream.on('error', kill);
  client.on('close', () => upstream.end());
  upstream.on('close', () => client.end());
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

/**
 * Expose the engine's unix socket on host:port (port 0 picks a free one).
 * @example const e = await expose('plain', lab.socketPath, '127.0.0.2', 2375)
 */
export async function expose(kind: ExposureKind, socketPath: string, host = '127.0.0.1', port = 0): Promise<Exposure> {
  let server: Server;
  let pki: LabPki | undefined;
  if (kind === 'plain') {
    server = createServer({ allowHalfOpen: true }, (s) => relay(s, socketPath));
  } else {
    pki = generatePki([host]);
    const mtls = kind === 'mtls';
    server = createTlsServer({
      key: pki.serverKey,
      cert: pki.serverCert,
      ca: mtls ? [pki.caCert] : undefined,
      requestCert: mtls,
      rejectUnauthorized: mtls,
      allowHalfOpen: true,
    }, (s) => relay(s, socketPath));
  }
  // Track client sockets so close() really drops every connection (net.Server.close waits for them).
  const open = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  const bound = await listen(server, host, port);
  return {
    kind, host, port: bound, pki,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      for (const s of open) s.destroy();
    }),
  };
}
