// Plugin routes of the Engine API in dockerd's registration order. Plugins run as root with the
// privileges they ask for, so installing or configuring one is privilege-relevant.
import type { CatalogueRoute } from './route-types.js';

const ANY = { name: '.*' } as const;

export const PLUGIN_ROUTES = [
  { id: 'plugin.list', operationId: 'PluginList', method: 'GET', path: '/plugins', group: 'read', risk: 'read', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'plugin.inspect', operationId: 'PluginInspect', method: 'GET', path: '/plugins/{name}/json', group: 'read', risk: 'read', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'plugin.privileges', operationId: 'GetPluginPrivileges', method: 'GET', path: '/plugins/privileges', group: 'read', risk: 'read', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'plugin.delete', operationId: 'PluginDelete', method: 'DELETE', path: '/plugins/{name}', group: 'delete', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'plugin.enable', operationId: 'PluginEnable', method: 'POST', path: '/plugins/{name}/enable', group: 'plugin', risk: 'privilege-relevant', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'plugin.disable', operationId: 'PluginDisable', method: 'POST', path: '/plugins/{name}/disable', group: 'plugin', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'plugin.pull', operationId: 'PluginPull', method: 'POST', path: '/plugins/pull', group: 'plugin', risk: 'privilege-relevant', minVersion: '1.25', inspectBody: true, inspectQuery: true, bodyKind: 'json', streaming: true, note: 'Body lists the privileges granted to the plugin.' },
  { id: 'plugin.push', operationId: 'PluginPush', method: 'POST', path: '/plugins/{name}/push', group: 'plugin', risk: 'data-read', minVersion: '1.25', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'plugin.upgrade', operationId: 'PluginUpgrade', method: 'POST', path: '/plugins/{name}/upgrade', group: 'plugin', risk: 'privilege-relevant', minVersion: '1.26', inspectBody: true, inspectQuery: true, bodyKind: 'json', streaming: true, params: ANY },
  { id: 'plugin.set', operationId: 'PluginSet', method: 'POST', path: '/plugins/{name}/set', group: 'plugin', risk: 'privilege-relevant', minVersion: '1.25', inspectBody: true, inspectQuery: false, bodyKind: 'json', params: ANY, note: 'Can set mount sources and devices of the plugin.' },
  { id: 'plugin.create', operationId: 'PluginCreate', method: 'POST', path: '/plugins/create', group: 'plugin', risk: 'privilege-relevant', minVersion: '1.25', inspectBody: true, inspectQuery: true, bodyKind: 'tar' },
] as const satisfies readonly CatalogueRoute[];
