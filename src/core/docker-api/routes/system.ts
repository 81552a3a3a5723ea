// System, volume, session, gRPC, network and debug routes of the Engine API, each list in dockerd's
// registration order. The debug routes are dockerd's own extras: unversioned, any method.
import type { CatalogueRoute } from './route-types.js';

/** The system router. Its OPTIONS route answers every path (CORS pre-flight). */
export const SYSTEM_ROUTES = [
  { id: 'system.options', method: 'OPTIONS', path: '/{anyroute}', group: 'ping', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: { anyroute: '.*' }, note: 'Any OPTIONS request; answers 200 with an empty body.' },
  { id: 'system.ping', operationId: 'SystemPing', method: 'GET', path: '/_ping', group: 'ping', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'system.ping_head', operationId: 'SystemPingHead', method: 'HEAD', path: '/_ping', group: 'ping', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'system.events', operationId: 'SystemEvents', method: 'GET', path: '/events', group: 'events', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true },
  { id: 'system.info', operationId: 'SystemInfo', method: 'GET', path: '/info', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'system.version', operationId: 'SystemVersion', method: 'GET', path: '/version', group: 'ping', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'system.df', operationId: 'SystemDataUsage', method: 'GET', path: '/system/df', group: 'read', risk: 'read', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'system.auth', operationId: 'SystemAuth', method: 'POST', path: '/auth', group: 'auth', risk: 'write', inspectBody: false, inspectQuery: false, bodyKind: 'json', note: 'Body holds registry credentials: never log it.' },
] as const satisfies readonly CatalogueRoute[];

/** The volume router. */
export const VOLUME_ROUTES = [
  { id: 'volume.list', operationId: 'VolumeList', method: 'GET', path: '/volumes', group: 'read', risk: 'read', minVersion: '1.21', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'volume.inspect', operationId: 'VolumeInspect', method: 'GET', path: '/volumes/{name}', group: 'read', risk: 'read', minVersion: '1.21', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: { name: '.*' } },
  { id: 'volume.create', operationId: 'VolumeCreate', method: 'POST', path: '/volumes/create', group: 'volume', risk: 'privilege-relevant', minVersion: '1.21', inspectBody: true, inspectQuery: false, bodyKind: 'json', note: 'local driver options (type=none,o=bind,device=/) mount host paths.' },
  { id: 'volume.prune', operationId: 'VolumePrune', method: 'POST', path: '/volumes/prune', group: 'delete', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none' },
  { id: 'volume.update', operationId: 'VolumeUpdate', method: 'PUT', path: '/volumes/{name}', group: 'volume', risk: 'write', minVersion: '1.42', inspectBody: true, inspectQuery: true, bodyKind: 'json', params: { name: '.*' } },
  { id: 'volume.delete', operationId: 'VolumeDelete', method: 'DELETE', path: '/volumes/{name}', group: 'delete', risk: 'write', minVersion: '1.21', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: { name: '.*' } },
] as const satisfies readonly CatalogueRoute[];

/** BuildKit's session endpoint (hijacked, h2c). */
export const SESSION_ROUTES = [
  { id: 'session.start', operationId: 'Session', method: 'POST', path: '/session', group: 'build', risk: 'privilege-relevant', minVersion: '1.31', inspectBody: false, inspectQuery: false, bodyKind: 'binary', hijack: true, streaming: true, note: 'Deprecated in API 1.52.' },
] as const satisfies readonly CatalogueRoute[];

/** BuildKit's gRPC control API (undocumented in the reference; hijacked, h2c). */
export const GRPC_ROUTES = [
  { id: 'grpc.serve', method: 'POST', path: '/grpc', group: 'build', risk: 'privilege-relevant', inspectBody: false, inspectQuery: false, bodyKind: 'binary', hijack: true, streaming: true, note: 'Undocumented; deprecated in API 1.52.' },
] as const satisfies readonly CatalogueRoute[];

/** The network router. Note `GET /networks/` is its own route and inspect takes `{id:.+}`. */
export const NETWORK_ROUTES = [
  { id: 'network.list', operationId: 'NetworkList', method: 'GET', path: '/networks', group: 'read', risk: 'read', minVersion: '1.21', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'network.list_slash', method: 'GET', path: '/networks/', group: 'read', risk: 'read', minVersion: '1.21', inspectBody: false, inspectQuery: false, bodyKind: 'none', note: 'dockerd registers the trailing-slash form as its own route.' },
  { id: 'network.inspect', operationId: 'NetworkInspect', method: 'GET', path: '/networks/{id}', group: 'read', risk: 'read', minVersion: '1.21', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: { id: '.+' } },
  { id: 'network.create', operationId: 'NetworkCreate', method: 'POST', path: '/networks/create', group: 'network', risk: 'write', minVersion: '1.21', inspectBody: true, inspectQuery: false, bodyKind: 'json' },
  { id: 'network.connect', operationId: 'NetworkConnect', method: 'POST', path: '/networks/{id}/connect', group: 'network', risk: 'write', minVersion: '1.21', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: { id: '.*' } },
  { id: 'network.disconnect', operationId: 'NetworkDisconnect', method: 'POST', path: '/networks/{id}/disconnect', group: 'network', risk: 'write', minVersion: '1.21', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: { id: '.*' } },
  { id: 'network.prune', operationId: 'NetworkPrune', method: 'POST', path: '/networks/prune', group: 'delete', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none' },
  { id: 'network.delete', operationId: 'NetworkDelete', method: 'DELETE', path: '/networks/{id}', group: 'delete', risk: 'write', minVersion: '1.21', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: { id: '.*' } },
] as const satisfies readonly CatalogueRoute[];

const DEBUG = { group: 'debug', risk: 'data-read', inspectBody: false, inspectQuery: false, bodyKind: 'none', unversioned: true, anyMethod: true } as const;

/** dockerd's debug router (expvar, pprof): always registered, unversioned, any method; leaks the command line. */
export const DEBUG_ROUTES = [
  { id: 'debug.vars', method: 'GET', path: '/debug/vars', ...DEBUG },
  { id: 'debug.pprof_index', method: 'GET', path: '/debug/pprof/', ...DEBUG },
  { id: 'debug.pprof_cmdline', method: 'GET', path: '/debug/pprof/cmdline', ...DEBUG },
  { id: 'debug.pprof_profile', method: 'GET', path: '/debug/pprof/profile', ...DEBUG, streaming: true },
  { id: 'debug.pprof_symbol', method: 'GET', path: '/debug/pprof/symbol', ...DEBUG },
  { id: 'debug.pprof_trace', method: 'GET', path: '/debug/pprof/trace', ...DEBUG, streaming: true },
  { id: 'debug.pprof_named', method: 'GET', path: '/debug/pprof/{name}', ...DEBUG },
] as const satisfies readonly CatalogueRoute[];
