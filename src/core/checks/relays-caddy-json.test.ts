import { describe, expect, it } from 'vitest';
import { caddyJsonRelays, caddyVerifiesClients } from './relays-caddy-json.js';
import { caddyRelays } from './relays-caddy-envoy.js';

const SOCKS = ['/var/run/docker.sock'];
const keys = (rs: ReturnType<typeof caddyJsonRelays>) => rs.map((r) => `${r.host.key} ${r.tls}${r.auth ? ' auth' : ''}`);
const server = (extra: Record<string, unknown>, dial = 'unix//var/run/docker.sock') => ({
  routes: [{ handle: [{ handler: 'reverse_proxy', upstreams: [{ dial }] }] }], ...extra,
});
const cfg = (servers: Record<string, unknown>) => JSON.stringify({ apps: { http: { servers } } }, null, 2);

describe('Caddy JSON config', () => {
  it('servers whose routes (subroutes included) reverse-proxy to the socket, by listen address, TLS and auth', () => {
    const rs = caddyJsonRelays('/etc/caddy/caddy.json', cfg({
      a: { listen: [':2375', 'tcp/[::1]:4243'], routes: [{ handle: [{ handler: 'subroute', routes: [{ handle: [{ handler: 'reverse_proxy', upstreams: [{ dial: 'unix//var/run/docker.sock' }] }] }] }] }] },
      b: { listen: ['127.0.0.1:4244'], routes: [{ handle: [{ handler: 'authentication' }, { handler: 'reverse_proxy', upstreams: [{ dial: 'unix//run/docker.sock' }] }] }] },
      c: server({ listen: [':2376'], tls_connection_policies: [{}] }),
      other: server({ listen: [':8080'] }, '127.0.0.1:3000'),
    }), SOCKS);
    expect(keys(rs)).toEqual(['*:2375 none', '[::1]:4243 none', '127.0.0.1:4244 none auth', '*:2376 tls-no-verify']);
  });

  it('only verified client certificates protect a server', () => {
    const ca = (client_authentication: Record<string, unknown>) => server({ listen: [':2376'], tls_connection_policies: [{ client_authentication }] });
    expect(caddyJsonRelays('/c.json', cfg({ s: ca({ mode: 'require_and_verify', trusted_ca_certs: ['MII…'] }) }), SOCKS)).toEqual([]);
    expect(caddyJsonRelays('/c.json', cfg({ s: ca({ trusted_ca_certs_pem_files: ['/ca.pem'] }) }), SOCKS)).toEqual([]);
    expect(keys(caddyJsonRelays('/c.json', cfg({ s: ca({ mode: 'require' }) }), SOCKS))).toEqual(['*:2376 tls-no-verify']);
    expect(keys(caddyJsonRelays('/c.json', cfg({ s: ca({ mode: 'verify_if_given', trusted_ca_certs: ['MII…'] }) }), SOCKS))).toEqual(['*:2376 tls-no-verify']);
  });

  it('is quiet on text that is not JSON or has no HTTP app', () => {
    expect(caddyJsonRelays('/c.json', '{ not json', SOCKS)).toEqual([]);
    expect(caddyJsonRelays('/c.json', '{"apps":{"tls":{}}}', SOCKS)).toEqual([]);
  });

  it('the Caddyfile reads client_auth the same way: mode require alone takes any certificate', () => {
    const site = (auth: string) => `docker.example.invalid:2376 {\n  tls /c.pem /k.pem {\n    client_auth {\n${auth}\n    }\n  }\n  reverse_proxy unix//var/run/docker.sock\n}\n`;
    expect(caddyRelays('/c', site('      mode require'), SOCKS)).toHaveLength(1);
    expect(caddyRelays('/c', site('      trusted_ca_cert_file /ca.pem'), SOCKS)).toEqual([]);
    expect(caddyVerifiesClients('request', true)).toBe(false);
  });
});
