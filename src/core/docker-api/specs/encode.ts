// Canonical request bodies for the guard to forward: exactly what was judged, with Go field names and the
// host config always under "HostConfig", so dockerd cannot read it differently from the core.
import { encodeCanonical } from '../go-json/encode.js';
import type { ContainerCreateSpec } from './container-create.js';

/**
 * The canonical body of a decoded container create: Config fields at the top level, then HostConfig and
 * NetworkingConfig. Decoding it again yields the same spec.
 *
 * @example
 * const spec = decodeContainerCreate('{"image":"alpine","privileged":true}').value!;
 * encodeContainerCreate(spec); // '{"Image":"alpine","HostConfig":{"NetworkMode":"default","Privileged":true}}'
 */
export function encodeContainerCreate(spec: ContainerCreateSpec): string {
  const body: Record<string, unknown> = { ...spec.Config };
  if (spec.HostConfig) body.HostConfig = spec.HostConfig;
  if (spec.NetworkingConfig) body.NetworkingConfig = spec.NetworkingConfig;
  return encodeCanonical(body);
}
