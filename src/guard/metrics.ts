// Prometheus metrics and /healthz on their own listener (never on the API listener, so scraping needs no
// Docker credentials and the API port exposes nothing but the Docker API).
import { createServer, type Server } from 'node:http';

export class GuardMetrics {
  private readonly requests = new Map<string, number>();
  /** Label strings by verdict+route (route ids are a fixed catalogue), built once instead of per request. */
  private readonly keys = new Map<string, string>();
  private durationSum = 0;
  private durationCount = 0;
  inFlight = 0;
  upstreamErrors = 0;
  authFailures = 0;
  reloads = 0;
  reloadFailures = 0;

  record(route: string, verdict: string, seconds: number): void {
    const ck = `${verdict} ${route}`;
    let k = this.keys.get(ck);
    if (k === undefined) { k = `route="${route.replace(/["\\\n]/g, '_')}",verdict="${verdict}"`; this.keys.set(ck, k); }
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    this.durationSum += seconds;
    this.durationCount += 1;
  }

  render(): string {
    const out = [
      '# HELP portcullis_guard_requests_total Requests judged by the guard.', '# TYPE portcullis_guard_requests_total counter',
      ...[...this.requests].map(([k, v]) => `portcullis_guard_requests_total{${k}} ${v}`),
      '# HELP portcullis_guard_request_duration_seconds Time from request to response end.', '# TYPE portcullis_guard_request_duration_seconds summary',
      `portcullis_guard_request_duration_seconds_sum ${this.durationSum}`, `portcullis_guard_request_duration_seconds_count ${this.durationCount}`,
      '# TYPE portcullis_guard_in_flight gauge', `portcullis_guard_in_flight ${this.inFlight}`,
      '# TYPE portcullis_guard_upstream_errors_total counter', `portcullis_guard_upstream_errors_total ${this.upstreamErrors}`,
      '# TYPE portcullis_guard_auth_failures_total counter', `portcullis_guard_auth_failures_total ${this.authFailures}`,
      '# TYPE portcullis_guard_config_reloads_total counter', `portcullis_guard_config_reloads_total ${this.reloads}`,
      '# TYPE portcullis_guard_config_reload_failures_total counter', `portcullis_guard_config_reload_failures_total ${this.reloadFailures}`,
    ];
    return out.join('\n') + '\n';
  }
}

/** Serve /metrics and /healthz; `healthy` reports whether the upstream answered recently. */
export function createMetricsServer(metrics: GuardMetrics, healthy: () => Promise<boolean>): Server {
  return createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics.render());
    } else if (req.url === '/healthz') {
      healthy().then((ok) => res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'ok\n' : 'upstream unreachable\n'),
        () => res.writeHead(503).end('error\n'));
    } else {
      res.writeHead(404).end();
    }
  });
}
