// The guard's runtime state, fixed in shape (not a merged map): the live config and policy (swapped whole on
// reload), the API reader, upstream, audit log, tokens, metrics and events, plus injected clock and ids.
import { randomUUID } from 'node:crypto';
import type { EventLog } from '../core/events/index.js';
import type { ApiReader } from './api-reader.js';
import type { AuditLog } from './audit.js';
import type { LoadedConfig } from './config-load.js';
import type { ListenerConfig } from './config.js';
import type { GuardMetrics } from './metrics.js';
import type { TokenVerifier } from './tokens.js';
import type { Upstream } from './upstream.js';
import type { Subject } from '../core/policy/index.js';

export interface GuardRuntime {
  loaded: LoadedConfig;
  readonly reader: ApiReader;
  readonly upstream: Upstream;
  readonly audit: AuditLog;
  readonly tokens: TokenVerifier;
  readonly metrics: GuardMetrics;
  readonly events: EventLog;
  /** Whether any event sink is attached (no sinks: per-request events are not built at all). */
  readonly eventsOn: boolean;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Diagnostics (not events). */
  readonly log: (msg: string) => void;
}

/** Per-request context, one fixed shape. */
export interface GuardContext {
  readonly id: string;
  readonly started: number;
  readonly listener: ListenerConfig;
  readonly source: string;
  subject?: Subject;
  routeId: string;
}

export const defaultIds = (): string => randomUUID();

export function sourceOf(listener: ListenerConfig, remote: string | undefined, port: number | undefined): string {
  return listener.type === 'unix' ? `unix:${listener.path}` : `${remote ?? '?'}:${port ?? 0}`;
}

export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
