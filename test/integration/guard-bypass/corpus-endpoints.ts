// Corpus part 3: other endpoints that reach the same effect (exec, update, volumes, commit, tag, load, build,
// services, plugins, archive PUT) for the maker, and data leaks for the read-only subject (archive, export,
// logs, attach, save, commit, copy), each also tried through odd targets and versions.
import { FXT, http, P, tarOf, type Attempt, type Ctx } from './attempt.js';
import { FILE_MARKER, LOG_MARKER } from './harness.js';

const m = (cls: string, id: string, parts: (c: Ctx) => Array<string | Buffer>, extra: Partial<Attempt> = {}): Attempt =>
  ({ id, cls, who: 'maker', parts, ...extra });
const post = (c: Ctx, target: string, body: string | Buffer, ct?: string): Buffer => http(c, 'POST', target, { body, ...(ct ? { ct } : {}) });
const exec = (id: string, body: string): Attempt => m('exec', id, (c) => [post(c, `/v1.41/containers/${FXT}/exec`, body)]);
const update = (id: string, body: string, mode?: 'no-effect'): Attempt =>
  m('update', id, (c) => [post(c, `/v1.41/containers/${FXT}/update`, body)], mode ? { mode } : {});
const vol = (id: string, body: (c: Ctx) => string): Attempt => m('volume', id, (c) => [post(c, '/v1.41/volumes/create', body(c))]);
const put = (id: string, method: string, target: string): Attempt =>
  m('archive-put', id, (c) => [http(c, method, target, { body: tarOf(`${P}put`, 'x'), ct: 'application/x-tar' })]);

const DOCKERFILE = tarOf('Dockerfile', 'FROM alpine\nRUN true\n');

export const OTHER_ENDPOINTS: Attempt[] = [
  exec('exec-privileged', '{"Cmd":["true"],"User":"65534","Privileged":true}'),
  exec('exec-privileged-folded', '{"Cmd":["true"],"User":"65534","privileged":true}'),
  exec('exec-privileged-dup', '{"Cmd":["true"],"User":"65534","Privileged":false,"Privileged":true}'),
  exec('exec-user-root', '{"Cmd":["true"],"User":"root"}'),
  exec('exec-user-0', '{"Cmd":["true"],"User":"0"}'),
  exec('exec-user-0-0', '{"Cmd":["true"],"User":"0:0"}'),
  exec('exec-user-default', '{"Cmd":["true"]}'),
  exec('exec-user-empty', '{"Cmd":["true"],"User":""}'),
  exec('exec-user-nobody-group-root', '{"Cmd":["true"],"User":"nobody:0"}'),
  exec('exec-user-folded-key', '{"Cmd":["true"],"User":"nobody","user":"root"}'),
  exec('exec-user-escaped-dup', '{"Cmd":["true"],"User":"nobody","\\u0055ser":"root"}'),
  exec('exec-user-upper', '{"Cmd":["true"],"User":"NOBODY"}'),
  // Former KNOWN_BYPASS exec-user-name-remapped: names resolve in the container's own /etc/passwd.
  exec('exec-user-name-remapped', '{"Cmd":["true"],"User":"nobody"}'),
  exec('exec-user-name-numeric-group', '{"Cmd":["true"],"User":"nobody:65534"}'),
  exec('exec-user-numeric-group-name', '{"Cmd":["true"],"User":"65534:nogroup"}'),
  exec('exec-user-leading-zero-root', '{"Cmd":["true"],"User":"00"}'),
  m('exec', 'exec-old-version', (c) => [post(c, `/v1.23/containers/${FXT}/exec`, '{"Cmd":["true"],"User":"root","Privileged":true}')]),
  m('exec', 'exec-unversioned-privileged', (c) => [post(c, `/containers/${FXT}/exec`, '{"Cmd":["true"],"User":"65534","Privileged":true}')]),
  update('update-restart-always', '{"RestartPolicy":{"Name":"always"}}'),
  update('update-restart-folded', '{"restartpolicy":{"Name":"always"}}'),
  update('update-restart-dup', '{"RestartPolicy":{"Name":"no"},"RestartPolicy":{"Name":"always"}}'),
  update('update-devices', '{"Devices":[{"PathOnHost":"/dev/mem","PathInContainer":"/dev/mem","CgroupPermissions":"rwm"}]}'),
  update('update-privileged-ignored', '{"Privileged":true,"CapAdd":["SYS_ADMIN"]}', 'no-effect'),
  update('update-cgroup-rules-ignored', '{"DeviceCgroupRules":["a *:* rwm"],"CgroupParent":"/"}', 'no-effect'),
  m('update', 'update-old-version', (c) => [post(c, `/v1.21/containers/${FXT}/update`, '{"RestartPolicy":{"Name":"always"}}')]),
  vol('volume-bind-root', (c) => `{"Name":"${c.name}","Driver":"local","DriverOpts":{"type":"none","o":"bind","device":"/"}}`),
  vol('volume-bind-etc', (c) => `{"Name":"${c.name}","DriverOpts":{"type":"none","o":"bind","device":"/etc"}}`),
  vol('volume-rbind', (c) => `{"Name":"${c.name}","DriverOpts":{"o":"rbind,ro","device":"/etc","type":"none"}}`),
  vol('volume-bind-allowed-dotdot', (c) => `{"Name":"${c.name}","DriverOpts":{"type":"none","o":"bind","device":"${c.A}/../../etc"}}`),
  vol('volume-opts-folded-key', (c) => `{"Name":"${c.name}","driveropts":{"type":"none","o":"bind","device":"/"}}`),
  vol('volume-opts-dup', (c) => `{"Name":"${c.name}","DriverOpts":{},"DriverOpts":{"type":"none","o":"bind","device":"/"}}`),
  vol('volume-driver-upper', (c) => `{"Name":"${c.name}","Driver":"LOCAL","DriverOpts":{"o":"bind","device":"/"}}`),
  vol('volume-create-device-only', (c) => `{"Name":"${c.name}","DriverOpts":{"device":"/etc"}}`),
  m('volume', 'volume-old-version', (c) => [post(c, '/v1.23/volumes/create', `{"Name":"${c.name}","DriverOpts":{"type":"none","o":"bind","device":"/"}}`)]),
  m('unjudged', 'maker-commit', (c) => [post(c, `/v1.41/commit?container=${FXT}&repo=${c.name}&changes=USER%20root`, '{}')]),
  m('unjudged', 'image-tag', (c) => [http(c, 'POST', `/v1.41/images/alpine/tag?repo=${c.name}&tag=latest`)]),
  m('unjudged', 'image-load', (c) => [http(c, 'POST', '/v1.41/images/load', { body: tarOf('manifest.json', '[]'), ct: 'application/x-tar' })]),
  m('unjudged', 'build-host-network', (c) => [http(c, 'POST', `/v1.41/build?t=${c.name}&networkmode=host&extrahosts=x:127.0.0.1`, { body: DOCKERFILE, ct: 'application/x-tar' })]),
  m('unjudged', 'build-unversioned', (c) => [http(c, 'POST', `/build?t=${c.name}`, { body: DOCKERFILE, ct: 'application/x-tar' })]),
  m('unjudged', 'service-create-privileged-mount', (c) => [post(c, '/v1.41/services/create', `{"Name":"${c.name}","TaskTemplate":{"ContainerSpec":{"Image":"alpine","Mounts":[{"Type":"bind","Source":"/","Target":"/host"}],"CapabilityAdd":["ALL"]}}}`)]),
  m('unjudged', 'plugin-pull', (c) => [post(c, `/v1.41/plugins/pull?remote=${c.name}&name=${c.name}`, '[{"Name":"network","Value":["host"]},{"Name":"mount","Value":["/"]}]')]),
  m('unjudged', 'plugin-create', (c) => [http(c, 'POST', `/v1.41/plugins/create?name=${c.name}`, { body: tarOf('config.json', '{}'), ct: 'application/x-tar' })]),
  m('unjudged', 'secret-create', (c) => [post(c, '/v1.41/secrets/create', `{"Name":"${c.name}","Data":"eA=="}`)]),
  m('network', 'connect-to-host-network', (c) => [post(c, '/v1.41/networks/host/connect', `{"Container":"${P}ok-plain"}`)], { mode: 'no-effect' }),
  m('network', 'create-with-host-endpoint', (c) => [post(c, `/v1.41/containers/create?name=${c.name}`, '{"Image":"alpine","Cmd":["true"],"NetworkingConfig":{"EndpointsConfig":{"host":{}}}}')], { mode: 'no-effect' }),
  m('network', 'create-network-host-driver', (c) => [post(c, '/v1.41/networks/create', `{"Name":"${c.name}","Driver":"host"}`)], { mode: 'no-effect' }),
  put('put-archive', 'PUT', `/v1.41/containers/${FXT}/archive?path=/`),
  put('put-archive-unversioned', 'PUT', `/containers/${FXT}/archive?path=/`),
  put('put-archive-trailing-slash', 'PUT', `/v1.41/containers/${FXT}/archive/?path=/`),
  put('put-archive-encoded', 'PUT', `/v1.41/containers/${FXT}/%61rchive?path=/`),
  put('put-archive-absolute', 'PUT', `http://x/v1.41/containers/${FXT}/archive?path=/`),
  put('put-archive-lower-method', 'put', `/v1.41/containers/${FXT}/archive?path=/`),
  put('put-archive-post', 'POST', `/v1.41/containers/${FXT}/archive?path=/`),
  put('put-archive-old', 'PUT', `/v1.23/containers/${FXT}/archive?path=/`),
];

const r = (id: string, parts: (c: Ctx) => Array<string | Buffer>, allowedFirst = 0): Attempt =>
  ({ id, cls: 'read-only-leak', who: 'reader', parts, leak: [LOG_MARKER, FILE_MARKER], ...(allowedFirst ? { allowedFirst } : {}) });
const get = (id: string, target: string, method = 'GET'): Attempt => r(id, (c) => [http(c, method, target)]);

export const READ_ONLY: Attempt[] = [
  get('archive-get', `/v1.41/containers/${FXT}/archive?path=/pcl-secret`),
  get('archive-head', `/v1.41/containers/${FXT}/archive?path=/pcl-secret`, 'HEAD'),
  get('archive-get-unversioned', `/containers/${FXT}/archive?path=/pcl-secret`),
  get('archive-get-encoded', `/v1.41/containers/${FXT}/%61rchive?path=/pcl-secret`),
  get('archive-get-absolute', `http://x/v1.41/containers/${FXT}/archive?path=/pcl-secret`),
  get('archive-get-trailing-slash', `/v1.41/containers/${FXT}/archive/?path=/pcl-secret`),
  get('archive-get-dotdot', `/v1.41/containers/${FXT}/json/../archive?path=/pcl-secret`),
  get('export', `/v1.41/containers/${FXT}/export`),
  get('export-old-version', `/v1.23/containers/${FXT}/export`),
  get('export-v1.41.0', `/v1.41.0/containers/${FXT}/export`),
  get('logs', `/v1.41/containers/${FXT}/logs?stdout=1&stderr=1`),
  get('logs-encoded-l', `/v1.41/containers/${FXT}/%6cogs?stdout=1`),
  get('logs-encoded-slash', `/v1.41/containers/${FXT}%2Flogs?stdout=1`),
  get('logs-double-slash', `/v1.41/containers/${FXT}//logs?stdout=1`),
  get('logs-via-json-dotdot', `/v1.41/containers/${FXT}/json/../logs?stdout=1`),
  get('logs-absolute', `http://x/containers/${FXT}/logs?stdout=1`),
  get('logs-upper-v', `/V1.41/containers/${FXT}/logs?stdout=1`),
  get('logs-head', `/v1.41/containers/${FXT}/logs?stdout=1`, 'HEAD'),
  r('attach-upgrade-logs', (c) => [`POST /v1.41/containers/${FXT}/attach?logs=1&stdout=1&stream=0 HTTP/1.1\r\nHost: docker\r\n${c.auth}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n`]),
  get('attach-raw-logs', `/v1.41/containers/${FXT}/attach?logs=1&stdout=1&stream=0`, 'POST'),
  get('attach-ws', `/v1.41/containers/${FXT}/attach/ws?logs=1&stdout=1`),
  get('image-save', '/v1.41/images/alpine/get'),
  get('image-save-all', '/v1.41/images/get?names=alpine'),
  get('image-save-nested-name', '/v1.41/images/alpine/json/get'),
  r('reader-commit', (c) => [http(c, 'POST', `/v1.41/commit?container=${FXT}&repo=${c.name}`, { body: '{}' })]),
  r('copy-legacy', (c) => [http(c, 'POST', `/v1.23/containers/${FXT}/copy`, { body: '{"Resource":"/pcl-secret"}' })]),
  r('copy-unversioned', (c) => [http(c, 'POST', `/containers/${FXT}/copy`, { body: '{"Resource":"/pcl-secret"}' })]),
  r('exec-create', (c) => [http(c, 'POST', `/v1.41/containers/${FXT}/exec`, { body: '{"Cmd":["cat","/pcl-secret"],"AttachStdout":true,"User":"nobody"}' })]),
  r('exec-start-existing', (c) => [http(c, 'POST', `/v1.41/exec/${c.execId}/start`, { body: '{"Detach":true}' })]),
  r('create', (c) => [http(c, 'POST', `/v1.41/containers/create?name=${c.name}`, { body: '{"Image":"alpine","Cmd":["true"]}' })]),
  r('rename', (c) => [http(c, 'POST', `/v1.41/containers/${FXT}/rename?name=${c.name}`)]),
  r('update', (c) => [http(c, 'POST', `/v1.41/containers/${FXT}/update`, { body: '{"RestartPolicy":{"Name":"always"}}' })]),
  r('volume-create', (c) => [http(c, 'POST', '/v1.41/volumes/create', { body: `{"Name":"${c.name}"}` })]),
  get('debug-cmdline', '/debug/pprof/cmdline'),
  get('debug-vars', '/debug/vars'),
  get('debug-versioned', '/v1.41/debug/pprof/cmdline'),
  r('ping-then-logs', (c) => [http(c, 'GET', '/_ping', { keepAlive: true }).toString('latin1') + http(c, 'GET', `/v1.41/containers/${FXT}/logs?stdout=1`).toString('latin1')], 1),
];
