// The lab's public entry: everything an integration test needs to reach the private engine.
export { docker, dockerAsync, engineGet, labFromEnv, startLab, stopLab, LAB_DIR, type Lab } from './lab.js';
export { ensureImages, LAB_IMAGES } from './images.js';
export { expose, type Exposure, type ExposureKind } from './expose.js';
export { generatePki, type LabPki } from './pki.js';
