// Route id -> emulated endpoint. Routing itself is core's (normalizeTarget + matchRoute, as dockerd's mux
// reads paths); this table only says which emulation answers each catalogued route.
import type { Handler } from './context.js';
import { archiveGet, archiveHead, archivePut } from './handlers/archive.js';
import { containerCreate, containerDelete, containerInspect, containerList } from './handlers/containers.js';
import { execCreate, execInspect, execResize, execStart } from './handlers/exec.js';
import { imageDelete, imageInspect, imageList, imagePull, imagePush } from './handlers/images.js';
import {
  containerAttach, containerKill, containerLogs, containerRestart, containerStart, containerStats, containerStop, containerTop,
  containerWait,
} from './handlers/lifecycle.js';
import { networkAttach, networkCreate, networkDelete, networkInspect, networkList, volumeCreate, volumeDelete, volumeInspect, volumeList } from './handlers/resources.js';
import { containerChanges, containerCommit, containerPause, containerRename, distributionInspect, imageHistory, imageTag, prune, swarm } from './handlers/objects.js';
import { events, imageSearch, info, notServed, options, ping, systemDf, version } from './handlers/system.js';
import { auth, build, containerExport, imageLoad, imageSave } from './handlers/transfer.js';
import { containerResize, containerUpdate } from './handlers/update.js';
import { containerAttachWs } from './handlers/websocket.js';

export const HANDLERS: Readonly<Record<string, Handler>> = {
  'system.ping': ping, 'system.ping_head': ping, 'system.version': version, 'system.info': info, 'system.events': events,
  'system.df': systemDf, 'system.auth': auth, 'system.options': options,
  'container.list': containerList, 'container.create': containerCreate, 'container.inspect': containerInspect,
  'container.delete': containerDelete, 'container.start': containerStart, 'container.wait': containerWait,
  'container.attach': containerAttach, 'container.logs': containerLogs, 'container.top': containerTop, 'container.stats': containerStats,
  'container.stop': containerStop, 'container.kill': containerKill, 'container.restart': containerRestart,
  'container.pause': containerPause, 'container.unpause': containerPause, 'container.rename': containerRename, 'container.update': containerUpdate,
  'container.changes': containerChanges, 'container.commit': containerCommit, 'container.export': containerExport, 'container.attach_ws': containerAttachWs,
  'image.tag': imageTag, 'image.history': imageHistory, 'image.save': imageSave, 'image.save_all': imageSave, 'image.load': imageLoad, 'build.run': build,
  'container.prune': prune, 'image.prune': prune, 'volume.prune': prune, 'network.prune': prune, 'build.prune': prune,
  'distribution.inspect': distributionInspect,
  'swarm.init': swarm, 'swarm.join': swarm, 'swarm.leave': swarm, 'swarm.unlock': swarm, 'swarm.inspect': swarm, 'swarm.update': swarm, 'swarm.unlockkey': swarm,
  'container.resize': containerResize,
  'container.archive_put': archivePut, 'container.archive_head': archiveHead, 'container.archive_get': archiveGet,
  'exec.create': execCreate, 'exec.start': execStart, 'exec.inspect': execInspect, 'exec.resize': execResize,
  'image.list': imageList, 'image.push': imagePush, 'image.search': imageSearch, 'image.pull': imagePull, 'image.inspect': imageInspect, 'image.delete': imageDelete,
  'volume.list': volumeList, 'volume.inspect': volumeInspect, 'volume.create': volumeCreate, 'volume.delete': volumeDelete,
  'network.list': networkList, 'network.list_slash': networkList, 'network.inspect': networkInspect, 'network.create': networkCreate,
  'network.connect': networkAttach, 'network.disconnect': networkAttach, 'network.delete': networkDelete,
};

/** Routes whose body is a stream (tar), not JSON: handed over unbuffered. */
export const STREAM_BODY_ROUTES: ReadonlySet<string> = new Set(['container.archive_put', 'image.load', 'build.run']);

export function handlerFor(routeId: string): Handler {
  return HANDLERS[routeId] ?? notServed;
}
