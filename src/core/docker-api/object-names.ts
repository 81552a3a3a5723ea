// dockerd's name rules for objects clients name themselves: containers (daemon/names), local volumes
// (volume/local validateName) and image tags, with the daemon's own refusal messages.
import { goQuote } from './go-strconv.js';

/** names.RestrictedNameChars, quoted in every refusal. */
export const RESTRICTED_NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const CONTAINER_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The refusal for a container name (create's `name`, rename's `name`), or undefined when dockerd accepts it.
 *
 * @example
 * containerNameError('a'); // 'Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed'
 */
export function containerNameError(name: string): string | undefined {
  return CONTAINER_NAME.test(name) ? undefined : `Invalid container name (${name}), only ${RESTRICTED_NAME_CHARS} are allowed`;
}

/**
 * The local driver's refusal for a volume name (without the `create <name>: ` prefix the volume service adds).
 *
 * @example
 * localVolumeNameError('a'); // 'volume name is too short, names should be at least two alphanumeric characters'
 */
export function localVolumeNameError(name: string): string | undefined {
  if ([...name].length === 1) return 'volume name is too short, names should be at least two alphanumeric characters';
  if (!VOLUME_NAME.test(name)) {
    return `${goQuote(name)} includes invalid characters for a local volume name, only ${goQuote(RESTRICTED_NAME_CHARS)} are allowed. If you intended to pass a host directory, use absolute path`;
  }
  return undefined;
}

/**
 * reference.TagRegexp: what `tag=` may hold (image tag, commit, pull); dockerd says `invalid tag format` otherwise.
 *
 * @example
 * isValidTag('v1.0'); // true
 */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}
