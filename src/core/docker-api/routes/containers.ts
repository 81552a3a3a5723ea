// Container, exec and checkpoint routes of the Engine API, in dockerd's registration order (checkpoint
// router first, then the container router), because gorilla/mux takes the first route that matches.
import type { CatalogueRoute } from './route-types.js';

const ANY = { id: '.*' } as const;

/** Experimental checkpoint routes (registered before the container router, as dockerd does). */
export const CHECKPOINT_ROUTES = [
  { id: 'checkpoint.list', method: 'GET', path: '/containers/{id}/checkpoints', group: 'read', risk: 'read', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY, experimental: true },
  { id: 'checkpoint.create', method: 'POST', path: '/containers/{id}/checkpoints', group: 'lifecycle', risk: 'write', minVersion: '1.25', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: ANY, experimental: true },
  { id: 'checkpoint.delete', method: 'DELETE', path: '/containers/{id}/checkpoints/{checkpoint}', group: 'delete', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none', experimental: true },
] as const satisfies readonly CatalogueRoute[];

/** The container router: containers and exec instances. */
export const CONTAINER_ROUTES = [
  { id: 'container.archive_head', operationId: 'ContainerArchiveInfo', method: 'HEAD', path: '/containers/{id}/archive', group: 'data', risk: 'data-read', minVersion: '1.20', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'container.list', operationId: 'ContainerList', method: 'GET', path: '/containers/json', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'container.export', operationId: 'ContainerExport', method: 'GET', path: '/containers/{id}/export', group: 'data', risk: 'data-read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'container.changes', operationId: 'ContainerChanges', method: 'GET', path: '/containers/{id}/changes', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.inspect', operationId: 'ContainerInspect', method: 'GET', path: '/containers/{id}/json', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.top', operationId: 'ContainerTop', method: 'GET', path: '/containers/{id}/top', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.logs', operationId: 'ContainerLogs', method: 'GET', path: '/containers/{id}/logs', group: 'logs', risk: 'data-read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'container.stats', operationId: 'ContainerStats', method: 'GET', path: '/containers/{id}/stats', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'container.attach_ws', operationId: 'ContainerAttachWebsocket', method: 'GET', path: '/containers/{id}/attach/ws', group: 'exec', risk: 'exec', inspectBody: false, inspectQuery: true, bodyKind: 'none', hijack: true, streaming: true, params: ANY },
  { id: 'exec.inspect', operationId: 'ExecInspect', method: 'GET', path: '/exec/{id}/json', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.archive_get', operationId: 'ContainerArchive', method: 'GET', path: '/containers/{id}/archive', group: 'data', risk: 'data-read', minVersion: '1.20', inspectBody: false, inspectQuery: true, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'container.create', operationId: 'ContainerCreate', method: 'POST', path: '/containers/create', group: 'create', risk: 'privilege-relevant', inspectBody: true, inspectQuery: true, bodyKind: 'json' },
  { id: 'container.kill', operationId: 'ContainerKill', method: 'POST', path: '/containers/{id}/kill', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'container.pause', operationId: 'ContainerPause', method: 'POST', path: '/containers/{id}/pause', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.unpause', operationId: 'ContainerUnpause', method: 'POST', path: '/containers/{id}/unpause', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.restart', operationId: 'ContainerRestart', method: 'POST', path: '/containers/{id}/restart', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'container.start', operationId: 'ContainerStart', method: 'POST', path: '/containers/{id}/start', group: 'lifecycle', risk: 'privilege-relevant', inspectBody: true, inspectQuery: true, bodyKind: 'json', params: ANY, note: 'API < 1.24 accepts a HostConfig body (privileges granted at start).' },
  { id: 'container.stop', operationId: 'ContainerStop', method: 'POST', path: '/containers/{id}/stop', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'container.wait', operationId: 'ContainerWait', method: 'POST', path: '/containers/{id}/wait', group: 'lifecycle', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'container.resize', operationId: 'ContainerResize', method: 'POST', path: '/containers/{id}/resize', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.attach', operationId: 'ContainerAttach', method: 'POST', path: '/containers/{id}/attach', group: 'exec', risk: 'exec', inspectBody: false, inspectQuery: true, bodyKind: 'none', hijack: true, streaming: true, params: ANY },
  { id: 'container.copy', method: 'POST', path: '/containers/{id}/copy', group: 'data', risk: 'data-read', maxVersion: '1.23', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: ANY, note: 'Legacy; dockerd answers 404 with an empty body from API 1.24.' },
  { id: 'exec.create', operationId: 'ContainerExec', method: 'POST', path: '/containers/{id}/exec', group: 'exec', risk: 'exec', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: ANY },
  { id: 'exec.start', operationId: 'ExecStart', method: 'POST', path: '/exec/{id}/start', group: 'exec', risk: 'exec', inspectBody: true, inspectQuery: false, bodyKind: 'json', hijack: true, streaming: true, params: ANY, note: 'Hijacks unless the body says Detach:true.' },
  { id: 'exec.resize', operationId: 'ExecResize', method: 'POST', path: '/exec/{id}/resize', group: 'exec', risk: 'write', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'container.rename', operationId: 'ContainerRename', method: 'POST', path: '/containers/{id}/rename', group: 'lifecycle', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'container.update', operationId: 'ContainerUpdate', method: 'POST', path: '/containers/{id}/update', group: 'create', risk: 'privilege-relevant', minVersion: '1.22', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: ANY },
  { id: 'container.prune', operationId: 'ContainerPrune', method: 'POST', path: '/containers/prune', group: 'delete', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none' },
  { id: 'container.commit', operationId: 'ImageCommit', method: 'POST', path: '/commit', group: 'image', risk: 'write', inspectBody: true, inspectQuery: true, bodyKind: 'json' },
  { id: 'container.archive_put', operationId: 'PutContainerArchive', method: 'PUT', path: '/containers/{id}/archive', group: 'files', risk: 'privilege-relevant', minVersion: '1.20', inspectBody: true, inspectQuery: true, bodyKind: 'tar', params: ANY, note: 'Writes files into the container, and through its bind mounts into the host.' },
  { id: 'container.delete', operationId: 'ContainerDelete', method: 'DELETE', path: '/containers/{id}', group: 'delete', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
] as const satisfies readonly CatalogueRoute[];
