// Vitest global setup for integration tests: one lab engine (started or reused) with its images, for all files.
import { ensureImages } from './images.js';
import { startLab, stopLab, type Lab } from './lab.js';

let lab: Lab | undefined;

export async function setup(): Promise<void> {
  lab = await startLab();
  ensureImages(lab);
  process.env.PORTCULLIS_LAB_SOCKET = lab.socketPath;
}

export async function teardown(): Promise<void> {
  if (lab) await stopLab(lab);
}
