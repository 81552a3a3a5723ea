// Public entry of the policy core: subjects, roles, grants, presets, compile once, evaluate per request.
export { compilePolicy, type CompiledPolicy, type CompiledRole, type CompiledGrant, type CompiledScope } from './compile.js';
export { evaluate, visibleTo, inScope, compareVersions, CREATE_ROUTES } from './evaluate.js';
export { PRESETS, PRESET_NAMES } from './presets.js';
export { policySchema, roleSchema, grantSchema, type PolicyConfig, type PolicyConfigInput, type RoleConfig, type GrantConfig } from './schema.js';
export { familiarImage, cleanHostPath, underPrefix, globToRegExp } from './match.js';
export { subjectOf, deny, OWNER_LABEL, type Subject, type SubjectKind, type Decision, type Effect, type PolicyRequest,
  type PolicyRoute, type ResourceFacts, type VolumeFacts, type RealPaths, type ExistingContainer } from './types.js';
export { namedVolumes, endpointNetworks, bindSources, volumeDevice, volumeDeviceSources, hostPathSources, checkBindsAtStart, comparesRealPaths } from './body-checks.js';
export { numericNonRootUser } from './user-checks.js';
export { referencedResources, refKey, checkRefs, BULK_ROUTES, SWARM_NAMED, type ResourceRef } from './scope-refs.js';
export { checkExistingContainer, INTO_EXISTING } from './existing-checks.js';
