// Swarm-mode routes (swarm, services, nodes, tasks, secrets, configs) in dockerd's registration order.
// Joining or initialising a swarm hands the engine to whoever runs the managers: privilege-relevant.
import type { CatalogueRoute } from './route-types.js';

const R = { inspectBody: false, inspectQuery: false, bodyKind: 'none' } as const;
const W = { inspectBody: true, inspectQuery: false, bodyKind: 'json' } as const;

export const SWARM_ROUTES = [
  { id: 'swarm.init', operationId: 'SwarmInit', method: 'POST', path: '/swarm/init', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...W },
  { id: 'swarm.join', operationId: 'SwarmJoin', method: 'POST', path: '/swarm/join', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...W },
  { id: 'swarm.leave', operationId: 'SwarmLeave', method: 'POST', path: '/swarm/leave', group: 'swarm', risk: 'write', minVersion: '1.24', ...R, inspectQuery: true },
  { id: 'swarm.inspect', operationId: 'SwarmInspect', method: 'GET', path: '/swarm', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...R, note: 'the answer carries the worker and manager join tokens' },
  { id: 'swarm.unlockkey', operationId: 'SwarmUnlockkey', method: 'GET', path: '/swarm/unlockkey', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.25', ...R },
  { id: 'swarm.update', operationId: 'SwarmUpdate', method: 'POST', path: '/swarm/update', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...W, inspectQuery: true },
  { id: 'swarm.unlock', operationId: 'SwarmUnlock', method: 'POST', path: '/swarm/unlock', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.25', ...W },
  { id: 'service.list', operationId: 'ServiceList', method: 'GET', path: '/services', group: 'read', risk: 'read', minVersion: '1.24', ...R },
  { id: 'service.inspect', operationId: 'ServiceInspect', method: 'GET', path: '/services/{id}', group: 'read', risk: 'read', minVersion: '1.24', ...R },
  { id: 'service.create', operationId: 'ServiceCreate', method: 'POST', path: '/services/create', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...W },
  { id: 'service.update', operationId: 'ServiceUpdate', method: 'POST', path: '/services/{id}/update', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...W, inspectQuery: true },
  { id: 'service.delete', operationId: 'ServiceDelete', method: 'DELETE', path: '/services/{id}', group: 'delete', risk: 'write', minVersion: '1.24', ...R },
  { id: 'service.logs', operationId: 'ServiceLogs', method: 'GET', path: '/services/{id}/logs', group: 'logs', risk: 'data-read', minVersion: '1.25', ...R, streaming: true },
  { id: 'node.list', operationId: 'NodeList', method: 'GET', path: '/nodes', group: 'read', risk: 'read', minVersion: '1.24', ...R },
  { id: 'node.inspect', operationId: 'NodeInspect', method: 'GET', path: '/nodes/{id}', group: 'read', risk: 'read', minVersion: '1.24', ...R },
  { id: 'node.delete', operationId: 'NodeDelete', method: 'DELETE', path: '/nodes/{id}', group: 'delete', risk: 'write', minVersion: '1.24', ...R, inspectQuery: true },
  { id: 'node.update', operationId: 'NodeUpdate', method: 'POST', path: '/nodes/{id}/update', group: 'swarm', risk: 'privilege-relevant', minVersion: '1.24', ...W, inspectQuery: true },
  { id: 'task.list', operationId: 'TaskList', method: 'GET', path: '/tasks', group: 'read', risk: 'read', minVersion: '1.24', ...R },
  { id: 'task.inspect', operationId: 'TaskInspect', method: 'GET', path: '/tasks/{id}', group: 'read', risk: 'read', minVersion: '1.24', ...R },
  { id: 'task.logs', operationId: 'TaskLogs', method: 'GET', path: '/tasks/{id}/logs', group: 'logs', risk: 'data-read', minVersion: '1.29', ...R, streaming: true },
  { id: 'secret.list', operationId: 'SecretList', method: 'GET', path: '/secrets', group: 'read', risk: 'read', minVersion: '1.25', ...R },
  { id: 'secret.create', operationId: 'SecretCreate', method: 'POST', path: '/secrets/create', group: 'swarm', risk: 'write', minVersion: '1.25', ...W },
  { id: 'secret.delete', operationId: 'SecretDelete', method: 'DELETE', path: '/secrets/{id}', group: 'delete', risk: 'write', minVersion: '1.25', ...R },
  { id: 'secret.inspect', operationId: 'SecretInspect', method: 'GET', path: '/secrets/{id}', group: 'read', risk: 'read', minVersion: '1.25', ...R },
  { id: 'secret.update', operationId: 'SecretUpdate', method: 'POST', path: '/secrets/{id}/update', group: 'swarm', risk: 'write', minVersion: '1.25', ...W, inspectQuery: true },
  { id: 'config.list', operationId: 'ConfigList', method: 'GET', path: '/configs', group: 'read', risk: 'read', minVersion: '1.30', ...R },
  { id: 'config.create', operationId: 'ConfigCreate', method: 'POST', path: '/configs/create', group: 'swarm', risk: 'write', minVersion: '1.30', ...W },
  { id: 'config.delete', operationId: 'ConfigDelete', method: 'DELETE', path: '/configs/{id}', group: 'delete', risk: 'write', minVersion: '1.30', ...R },
  { id: 'config.inspect', operationId: 'ConfigInspect', method: 'GET', path: '/configs/{id}', group: 'data', risk: 'data-read', minVersion: '1.30', ...R, note: 'Returns the config data.' },
  { id: 'config.update', operationId: 'ConfigUpdate', method: 'POST', path: '/configs/{id}/update', group: 'swarm', risk: 'write', minVersion: '1.30', ...W, inspectQuery: true },
] as const satisfies readonly CatalogueRoute[];
