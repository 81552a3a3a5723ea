// Image, build and distribution routes of the Engine API, in dockerd's registration order within each
// router (gorilla/mux takes the first route that matches, so `/images/json` precedes `/images/{name}/json`).
import type { CatalogueRoute } from './route-types.js';

const ANY = { name: '.*' } as const;

/** The image router. `image.pull` is POST /images/create (pull, or import with fromSrc). */
export const IMAGE_ROUTES = [
  { id: 'image.list', operationId: 'ImageList', method: 'GET', path: '/images/json', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'image.search', operationId: 'ImageSearch', method: 'GET', path: '/images/search', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none' },
  { id: 'image.save_all', operationId: 'ImageGetAll', method: 'GET', path: '/images/get', group: 'data', risk: 'data-read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true },
  { id: 'image.save', operationId: 'ImageGet', method: 'GET', path: '/images/{name}/get', group: 'data', risk: 'data-read', inspectBody: false, inspectQuery: false, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'image.history', operationId: 'ImageHistory', method: 'GET', path: '/images/{name}/history', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'image.inspect', operationId: 'ImageInspect', method: 'GET', path: '/images/{name}/json', group: 'read', risk: 'read', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'image.attestations', operationId: 'ImageAttestations', method: 'GET', path: '/images/{name}/attestations', group: 'read', risk: 'read', minVersion: '1.55', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
  { id: 'image.load', operationId: 'ImageLoad', method: 'POST', path: '/images/load', group: 'image', risk: 'write', inspectBody: true, inspectQuery: false, bodyKind: 'tar', streaming: true },
  { id: 'image.pull', operationId: 'ImageCreate', method: 'POST', path: '/images/create', group: 'image', risk: 'write', inspectBody: true, inspectQuery: true, bodyKind: 'tar', streaming: true, note: 'fromImage pulls; fromSrc imports a URL or, with "-", the request body (tar).' },
  { id: 'image.push', operationId: 'ImagePush', method: 'POST', path: '/images/{name}/push', group: 'image', risk: 'data-read', inspectBody: false, inspectQuery: true, bodyKind: 'none', streaming: true, params: ANY },
  { id: 'image.tag', operationId: 'ImageTag', method: 'POST', path: '/images/{name}/tag', group: 'image', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
  { id: 'image.prune', operationId: 'ImagePrune', method: 'POST', path: '/images/prune', group: 'delete', risk: 'write', minVersion: '1.25', inspectBody: false, inspectQuery: true, bodyKind: 'none' },
  { id: 'image.delete', operationId: 'ImageDelete', method: 'DELETE', path: '/images/{name}', group: 'delete', risk: 'write', inspectBody: false, inspectQuery: true, bodyKind: 'none', params: ANY },
] as const satisfies readonly CatalogueRoute[];

/** The build router (classic builder and BuildKit). */
export const BUILD_ROUTES = [
  { id: 'build.run', operationId: 'ImageBuild', method: 'POST', path: '/build', group: 'build', risk: 'privilege-relevant', inspectBody: true, inspectQuery: true, bodyKind: 'tar', streaming: true, note: 'Query carries networkmode, buildargs, extrahosts, remote context URL; body is the context tar.' },
  { id: 'build.prune', operationId: 'BuildPrune', method: 'POST', path: '/build/prune', group: 'delete', risk: 'write', minVersion: '1.31', inspectBody: false, inspectQuery: true, bodyKind: 'none' },
  { id: 'build.cancel', method: 'POST', path: '/build/cancel', group: 'build', risk: 'write', minVersion: '1.32', inspectBody: false, inspectQuery: true, bodyKind: 'none' },
] as const satisfies readonly CatalogueRoute[];

/** The distribution router: asks the registry about an image. */
export const DISTRIBUTION_ROUTES = [
  { id: 'distribution.inspect', operationId: 'DistributionInspect', method: 'GET', path: '/distribution/{name}/json', group: 'read', risk: 'read', minVersion: '1.30', inspectBody: false, inspectQuery: false, bodyKind: 'none', params: ANY },
] as const satisfies readonly CatalogueRoute[];
