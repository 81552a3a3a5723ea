// Public entry of the typed specs: dockerd's request bodies and query parameters, decoded as dockerd does.
export { decodeContainerCreate, decodeContainerStartLegacy, type ContainerCreateSpec, type CreateOptions } from './container-create.js';
export { decodeExecCreate, decodeVolumeCreate, decodeContainerUpdate, decodeServiceSpec, decodePluginPrivileges, type VersionedOptions } from './decoders.js';
export { decodeBuildQuery, decodeArchiveUpload, goBoolValue, type BuildQuerySpec, type ArchiveUploadSpec, type QueryInput } from './query.js';
export { encodeContainerCreate } from './encode.js';
export { versionLess } from './version.js';
export { CONTAINER_CONFIG, HOST_CONFIG, NETWORKING_CONFIG, CONTAINER_CREATE_WRAPPER, UPDATE_CONFIG, MOUNT, RESOURCES } from './container-schemas.js';
export { EXEC_CONFIG, VOLUME_CREATE, SERVICE_SPEC, PLUGIN_PRIVILEGES } from './other-schemas.js';
export type * from './types.js';
