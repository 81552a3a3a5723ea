// Public entry of risk analysis: decoded specs in, PCL-CFG findings out.
export { analyzeContainerCreate, analyzeHostConfig, hostPathFindings, capabilityFindings, mountFindings } from './container.js';
export { envSecretFindings } from './env-secrets.js';
export { analyzeExecCreate, analyzeVolumeCreate, analyzeContainerUpdate, analyzeServiceSpec, analyzePluginPrivileges, analyzeBuildQuery, analyzeArchiveUpload } from './other.js';
export { cleanPath, classifyHostPath, parseBind, isSensitiveContainerPath, SENSITIVE_HOST_PATHS, type HostPathClass, type BindSpec } from './paths.js';
export { normalizeCapability, parseSecurityOpt, HOST_CONTROL_CAPS } from './options.js';
export type { AnalyzeOptions } from './finding.js';
export { inspectRequest, type InspectInput, type InspectResult } from './inspect-request.js';
