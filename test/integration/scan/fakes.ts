// Fake services for scanner tests, each on its own loopback address and port: web servers, banners, proxies,
// tarpits, drips, endless bodies, TLS oddities and Docker impostors. Real sockets, real TLS.
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createConnection, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { createServer as createHttpsServer } from 'node:https';
import { generatePki } from '../../lab/index.js';

export interface Fake {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port = 0): Promise<Fake> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); });
  server.on('secureConnection', (s: Socket) => { s.on('error', () => {}); });
  server.on('tlsClientError', () => {});
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      resolve({ host, port, close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) });
    });
  });
}

export const DOCKER_HEADERS = { Server: 'Docker/24.0.7 (linux)', 'Api-Version': '1.43', Ostype: 'linux', 'Docker-Experimental': 'false' };

function http(host: string, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Fake> {
  return listen(createHttpServer(handler), host);
}

/** A plain web server: 404 HTML for everything (nginx-like). */
export const webServer = (host: string) => http(host, (_q, res) => {
  res.writeHead(404, { Server: 'nginx/1.24.0', 'Content-Type': 'text/html' }).end('<html><body><h1>404 Not Found</h1></body></html>');
});

/** Sends an SSH banner on connect and waits. */
export const sshBanner = (host: string) => listen(createNetServer((s) => { s.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'); }), host);

/** Random bytes on connect. */
export const garbageBanner = (host: string) => listen(createNetServer((s) => { s.write(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x0a, 0x99, 0x01])); }), host);

/** Authenticating reverse proxy: 401 with a Basic challenge for everything. */
export const authProxy = (host: string) => http(host, (_q, res) => {
  res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="docker"', 'Content-Type': 'text/plain' }).end('401 Unauthorized');
});

/** Forward a GET to the lab engine's unix socket. */
function forward(socketPath: string, req: IncomingMessage, res: ServerResponse): void {
  const up = request({ socketPath, path: req.url, method: req.method }, (r) => { res.writeHead(r.statusCode ?? 502, r.headers); r.pipe(res); });
  up.on('error', () => res.writeHead(502).end());
  up.end();
}

/** Tecnativa-style socket proxy: ping and version pass, everything else 403 (haproxy page). */
export const socketProxy = (host: string, socketPath: string) => http(host, (req, res) => {
  if (/^\/(v[\d.]+\/)?(_ping|version)/.test(req.url ?? '')) forward(socketPath, req, res);
  else res.writeHead(403, { 'Content-Type': 'text/html' }).end('<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules.\n</body></html>\n');
});

/** A daemon with an authorization plugin that denies listing containers (real engine for ping/version). */
export const authzPlugin = (host: string, socketPath: string) => http(host, (req, res) => {
  if (/^\/(v[\d.]+\/)?containers/.test(req.url ?? '')) {
    res.writeHead(403, { ...DOCKER_HEADERS, Server: 'Docker/20.10.24+dfsg1 (linux)', 'Api-Version': '1.41', 'Content-Type': 'application/json' })
      .end('{"message":"authorization denied by plugin pcl-authz: listing containers is not allowed"}\n');
  } else forward(socketPath, req, res);
});

/** Accepts and never answers. */
export const tarpit = (host: string, port = 0) => listen(createNetServer(() => { /* hold the connection open */ }), host, port);

/** Answers one byte a second. */
export const slowDrip = (host: string) => listen(createNetServer((s) => {
  const text = Buffer.from('HTTP/1.1 200 OK\r\nServer: Docker/24.0.7 (linux)\r\nApi-Version: 1.43\r\n\r\n');
  let i = 1;
  s.write(text.subarray(0, 1));
  const t = setInterval(() => { if (i < text.length && !s.destroyed) s.write(text.subarray(i, ++i)); else clearInterval(t); }, 1000);
  s.on('close', () => clearInterval(t));
}), host);

/** Claims to be Docker on /_ping, then streams an endless body for everything else. */
export const endlessBody = (host: string) => http(host, (req, res) => {
  if (req.method === 'HEAD') { res.writeHead(200, DOCKER_HEADERS).end(); return; }
  res.writeHead(200, { ...DOCKER_HEADERS, 'Content-Type': 'application/json' });
  const chunk = Buffer.alloc(16 * 1024, 0x41);
  const pump = () => { while (!res.destroyed && res.write(chunk)); if (!res.destroyed) res.once('drain', pump); };
  pump();
});

/** Echoes a Docker banner on every answer but has no real API behind it. */
export const impostorBanner = (host: string) => http(host, (req, res) => {
  if (req.url === '/_ping') { res.writeHead(200, { ...DOCKER_HEADERS, 'Content-Type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : 'OK'); return; }
  res.writeHead(404, { ...DOCKER_HEADERS, 'Content-Type': 'application/json' }).end('{"message":"page not found"}\n');
});

/** Answers /version consistently but returns a canned list that ignores limit=1 (a lazy honeypot). */
export const impostorList = (host: string) => http(host, (req, res) => {
  const json = (body: unknown) => res.writeHead(200, { ...DOCKER_HEADERS, 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  if (req.url === '/_ping') { res.writeHead(200, DOCKER_HEADERS).end(req.method === 'HEAD' ? undefined : 'OK'); return; }
  if (req.url === '/version') { json({ Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'amd64' }); return; }
  json([1, 2, 3].map((i) => ({ Id: String(i).repeat(64), Names: [`/c${i}`] })));
});

/** Podman's Docker-compatible service. */
export const podman = (host: string) => http(host, (req, res) => {
  const h = { Server: 'Libpod/4.3.1 (linux)', 'Api-Version': '1.41', 'Libpod-Api-Version': '4.3.1', 'Content-Type': 'application/json' };
  if (req.url === '/_ping') { res.writeHead(200, h).end(req.method === 'HEAD' ? undefined : 'OK'); return; }
  if (req.url === '/version') {
    res.writeHead(200, h).end(JSON.stringify({ Platform: { Name: 'linux/amd64/debian-12' }, Components: [{ Name: 'Podman Engine', Version: '4.3.1' }],
      Version: '4.3.1', ApiVersion: '1.41', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64' }));
    return;
  }
  res.writeHead(200, h).end('[]');
});

/** Completes a TLS handshake, then closes without a word. */
export const tlsMute = (host: string) => {
  const pki = generatePki([host]);
  return listen(createTlsServer({ key: pki.serverKey, cert: pki.serverCert }, (s) => s.end()), host);
};

/** An HTTPS web server (not Docker). */
export const httpsWeb = (host: string) => {
  const pki = generatePki([host]);
  return listen(createHttpsServer({ key: pki.serverKey, cert: pki.serverCert }, (_q, res) => res.writeHead(404, { Server: 'Apache' }).end('nope')), host);
};

/** A port that was open a moment ago and is now closed. */
export async function closedPort(host: string): Promise<Fake> {
  const f = await tarpit(host);
  await f.close();
  return f;
}

/** A transparent proxy to the lab engine that records every request line (to prove the scanner only reads). */
export async function recordingProxy(host: string, socketPath: string): Promise<Fake & { readonly seen: string[] }> {
  const seen: string[] = [];
  const f = await http(host, (req, res) => { seen.push(`${req.method} ${req.url}`); forward(socketPath, req, res); });
  return { ...f, seen };
}

/** TLS that asks for a client certificate but accepts connections without one, relayed to the engine. */
export async function tlsOptionalClientCert(host: string, socketPath: string): Promise<Fake> {
  const pki = generatePki([host]);
  const server = createTlsServer({ key: pki.serverKey, cert: pki.serverCert, ca: [pki.caCert], requestCert: true, rejectUnauthorized: false },
    (s) => {
      const up = createConnection({ path: socketPath });
      s.pipe(up); up.pipe(s);
      const kill = () => { s.destroy(); up.destroy(); };
      s.on('error', kill); up.on('error', kill);
    });
  return listen(server, host);
}

/** An authorization plugin that allows every read and denies every write (real engine behind it for reads). */
export const authzReadOnly = (host: string, socketPath: string) => http(host, (req, res) => {
  if (req.method === 'GET' || req.method === 'HEAD') { forward(socketPath, req, res); return; }
  res.writeHead(403, { ...DOCKER_HEADERS, Server: 'Docker/20.10.24+dfsg1 (linux)', 'Api-Version': '1.41', 'Content-Type': 'application/json' })
    .end('{"message":"authorization denied by plugin pcl-readonly: writes are not allowed"}\n');
});

/** nginx with basic auth in front of the engine, leaving /_ping open for health checks. */
export const nginxBasicAuthPingOpen = (host: string, socketPath: string) => http(host, (req, res) => {
  if (/^\/_ping/.test(req.url ?? '')) { forward(socketPath, req, res); return; }
  res.writeHead(401, { Server: 'nginx/1.24.0', 'WWW-Authenticate': 'Basic realm="docker"', 'Content-Type': 'text/html' })
    .end('<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center></body></html>');
});
