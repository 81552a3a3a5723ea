// The `platform=` query of container create and image pull: refused as dockerd refuses it (400 for a specifier
// containerd cannot parse), or a mismatch with the trap's images, which are all linux/<engine arch>.
import { formatPlatform, parsePlatform } from '../../core/docker-api/index.js';

export type PlatformRefusal = { readonly status: 400; readonly message: string } | { readonly status: 404; readonly wanted: string };

/** undefined when `spec` is empty or names the trap's own platform. */
export function platformRefusal(spec: string, arch: string): PlatformRefusal | undefined {
  if (spec === '') return undefined;
  const p = parsePlatform(spec, arch);
  if (!p.ok) return { status: 400, message: p.error };
  const v = p.value;
  const same = v.os === 'linux' && v.architecture === arch && (v.variant === '' || (arch === 'arm64' && v.variant === 'v8'));
  return same ? undefined : { status: 404, wanted: formatPlatform(v) };
}
