import { describe, expect, it } from 'vitest';
import { caddyRelays, envoyRelays } from './relays-caddy-envoy.js';

const SOCKS = ['/var/run/docker.sock'];
const keys = (rs: ReturnType<typeof caddyRelays>) => rs.map((r) => `${r.host.key} ${r.tls}${r.auth ? ' auth' : ''}`);

describe('Caddy', () => {
  it('finds sites that reverse-proxy to the Docker socket, with their listen address and TLS', () => {
    const cfg = [
      '{', '  admin off', '}', '',
      ':2375 {', '  reverse_proxy unix//var/run/docker.sock', '}',
      'http://127.0.0.1:4243, http://[::1]:4243 {', '  reverse_proxy /v1.41/* unix//run/docker.sock', '}',
      'docker.example.invalid:2376 {', '  basic_auth {', '    admin $2a$14$x', '  }', '  reverse_proxy {', '    to unix//var/run/docker.sock', '  }', '}',
      'app.example.invalid {', '  reverse_proxy 127.0.0.1:8080 # not the socket', '}',
      '(snippet) {', '  reverse_proxy unix//var/run/docker.sock', '}',
    ].join('\n');
    const rs = caddyRelays('/etc/caddy/Caddyfile', cfg, SOCKS);
    expect(keys(rs)).toEqual(['*:2375 none', '127.0.0.1:4243 none', '[::1]:4243 none', '*:2376 tls-no-verify auth']);
    expect(rs[0]?.evidence.map((e) => e.line)).toEqual([5, 6]);
    expect(rs[0]?.via).toBe('Caddy site :2375 (/etc/caddy/Caddyfile:5)');
  });
  it('skips sites that require client certificates', () => {
    const cfg = 'docker.example.invalid:2376 {\n  tls /c.pem /k.pem {\n    client_auth {\n      mode require_and_verify\n      trusted_ca_cert_file /ca.pem\n    }\n  }\n  reverse_proxy unix//var/run/docker.sock\n}\n';
    expect(caddyRelays('/c', cfg, SOCKS)).toEqual([]);
  });
});

describe('Envoy', () => {
  const envoy = (tls: string) => `static_resources:
  listeners:
  - name: docker_tcp
    address:
      socket_address: { address: 0.0.0.0, port_value: 2375 }
    filter_chains:
    - filters:
      - name: envoy.filters.network.tcp_proxy
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
          stat_prefix: docker
          cluster: docker_sock
${tls}
  - name: web
    address:
      socket_address: { address: 127.0.0.1, port_value: 8080 }
    filter_chains:
    - filters:
      - name: envoy.filters.network.tcp_proxy
        typed_config: { stat_prefix: web, cluster: web }
  clusters:
  - name: docker_sock
    load_assignment:
      cluster_name: docker_sock
      endpoints:
      - lb_endpoints:
        - endpoint:
            address:
              pipe: { path: /var/run/docker.sock }
  - name: web
    load_assignment:
      cluster_name: web
      endpoints:
      - lb_endpoints:
        - endpoint: { address: { socket_address: { address: 127.0.0.1, port_value: 9000 } } }
`;
  it('finds listeners routed to a cluster whose endpoint is the socket pipe', () => {
    const rs = envoyRelays('/etc/envoy/envoy.yaml', envoy(''), SOCKS);
    expect(keys(rs)).toEqual(['*:2375 none']);
    expect(rs[0]?.evidence.map((e) => e.line)).toEqual([5, 29]);
  });
  it('marks TLS without client verification, skips TLS that requires client certificates, survives bad YAML', () => {
    const tls = '      transport_socket:\n        name: envoy.transport_sockets.tls\n        typed_config: { common_tls_context: {} }';
    expect(keys(envoyRelays('/e', envoy(tls), SOCKS))).toEqual(['*:2375 tls-no-verify']);
    const mtls = '      transport_socket:\n        name: envoy.transport_sockets.tls\n        typed_config: { require_client_certificate: true }';
    expect(envoyRelays('/e', envoy(mtls), SOCKS)).toEqual([]);
    expect(envoyRelays('/e', 'static_resources: [: bad', SOCKS)).toEqual([]);
  });
});
