// The scanner's data model: one Endpoint in, one ScanResult out, with a verdict (`state`) and the evidence
// that decided it. JSON field names here are the public output format (docs/SCAN.md).

/** Every verdict an endpoint can receive, in the JSON field `state`. */
export const ENDPOINT_STATES = ['exposed', 'protected', 'not-docker', 'closed', 'filtered', 'unresponsive', 'error'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

/** One host:port to probe. `host` is what the user wrote (address or name); `address` is what we connect to. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  /** For a host name: the address to probe, already resolved (a name with several addresses is probed at each). */
  readonly address?: string;
}

/** What the TLS handshake told us. */
export interface TlsEvidence {
  /** Negotiated protocol, e.g. `TLSv1.3`. */
  readonly version?: string;
  readonly cipher?: string;
  readonly alpn?: string;
  /** True when the server refused us for lacking a client certificate (mutual TLS). */
  readonly clientCertRequired: boolean;
  /** Server certificate summary. */
  readonly cert?: {
    readonly subject?: string;
    readonly issuer?: string;
    readonly validTo?: string;
    readonly selfSigned?: boolean;
    readonly altNames?: string;
  };
  /** The TLS error or alert that ended the handshake, if any. */
  readonly alert?: string;
}

/** The Docker engine as it described itself. */
export interface EngineEvidence {
  /** `docker`, `podman`, or `unknown` (answered like Docker without naming itself). */
  readonly product: 'docker' | 'podman' | 'unknown';
  readonly version?: string;
  readonly apiVersion?: string;
  readonly minApiVersion?: string;
  readonly os?: string;
  readonly arch?: string;
  readonly kernelVersion?: string;
  /** Components[].Name as reported by /version. */
  readonly components?: readonly string[];
}

/** What refused us and how, for `protected`. */
export interface Refusal {
  readonly by: 'mtls' | 'auth' | 'authz-plugin' | 'socket-proxy' | 'proxy';
  /** The request that was refused, e.g. `GET /containers/json?limit=1`. */
  readonly request?: string;
  readonly status?: number;
  /** The refusal message (trimmed, at most 200 characters). */
  readonly message?: string;
  /** `WWW-Authenticate` or `Proxy-Authenticate` header. */
  readonly challenge?: string;
}

/** One HTTP exchange as evidence (bounded). */
export interface HttpEvidence {
  readonly request: string;
  readonly status: number;
  /** Selected response headers (server, api-version, ostype, docker-experimental, www-authenticate, content-type). */
  readonly headers: Readonly<Record<string, string>>;
}

/** --deep findings on an exposed daemon: counts and signs of compromise. */
export interface DeepEvidence {
  readonly containers: number;
  readonly images: number;
  readonly running?: number;
  /** /info warnings (e.g. "API is accessible on http://0.0.0.0:2375 without encryption"). */
  readonly warnings: readonly string[];
  readonly compromise: readonly CompromiseSign[];
  /** Lists that were cut at the byte cap. */
  readonly truncated: boolean;
}

export interface CompromiseSign {
  readonly ruleId: string;
  readonly severity: string;
  readonly title: string;
  /** Container name or id, or image tag. */
  readonly subject: string;
  readonly detail: string;
}

export interface ScanResult {
  readonly host: string;
  readonly port: number;
  /** The address connected to, when `host` is a name. */
  readonly address?: string;
  readonly state: EndpointState;
  /** One sentence: why this state. */
  readonly reason: string;
  /** `plain`, `tls`, or absent when no application layer was reached. */
  readonly transport?: 'plain' | 'tls';
  readonly tls?: TlsEvidence;
  readonly engine?: EngineEvidence;
  readonly refusal?: Refusal;
  /** First bytes of a non-HTTP banner (printable, at most 120 characters). */
  readonly banner?: string;
  /** Looks like an impostor: answered part of the Docker dialogue inconsistently. */
  readonly impostor?: boolean;
  /** Recognised socket proxy (refuses control, passes reads). */
  readonly socketProxy?: boolean;
  readonly http?: readonly HttpEvidence[];
  readonly deep?: DeepEvidence;
  /** PCL-NET rule that this verdict maps to (exposed / protected). */
  readonly ruleId?: string;
  /** Milliseconds spent on this endpoint. */
  readonly durationMs: number;
  /** Connection attempts made (1 + retries used). */
  readonly attempts: number;
}

export interface ScanChanges {
  /** Endpoints with a reportable state now that were absent (or closed/filtered) before. */
  readonly new: readonly { host: string; port: number; address?: string; state: EndpointState }[];
  /** Endpoints reported before that are now absent, closed or filtered. */
  readonly gone: readonly { host: string; port: number; address?: string; was: string }[];
  readonly changed: readonly { host: string; port: number; address?: string; was: string; now: EndpointState }[];
  /** The run compared with. */
  readonly previousRunId?: string;
}

export interface ScanSummary {
  readonly endpoints: number;
  readonly byState: Readonly<Record<EndpointState, number>>;
  readonly exposed: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly interrupted: boolean;
  /** Absent when there was no store or no earlier scan. */
  readonly changes?: ScanChanges;
  readonly runId?: string;
}
