// containerd's platforms.Parse as dockerd 20.10 applies it to `platform=` (container create, image pull):
// `os`, `arch`, `os/arch` or `os/arch/variant`, normalised, with containerd's refusals (`: invalid argument`).
import { goQuote } from './go-strconv.js';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant: string;
}

const KNOWN_OS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'windows', 'zos']);
const KNOWN_ARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'mips', 'mipsle', 'mips64',
  'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const COMPONENT = /^[A-Za-z0-9_-]+$/;

function normalizeOS(os: string): string {
  const o = os.toLowerCase();
  return o === 'macos' ? 'darwin' : o;
}

function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  if (a === 'i386') return ['386', ''];
  if (a === 'x86_64' || a === 'x86-64') return ['amd64', ''];
  if (a === 'aarch64' || a === 'arm64') return ['arm64', v === '8' || v === 'v8' ? '' : v];
  if (a === 'armhf') return ['arm', 'v7'];
  if (a === 'armel') return ['arm', 'v6'];
  if (a === 'arm') {
    if (v === '' || v === '7') return ['arm', 'v7'];
    if (v === '5' || v === '6' || v === '8') return ['arm', `v${v}`];
    return ['arm', v];
  }
  return [a, v];
}

/**
 * Parse a platform specifier; `hostArch` fills the architecture of a bare OS. Errors carry containerd's text.
 *
 * @example
 * parsePlatform('linux/x86_64', 'amd64'); // { ok: true, value: { os: 'linux', architecture: 'amd64', variant: '' } }
 */
export function parsePlatform(spec: string, hostArch: string): { ok: true; value: Platform } | { ok: false; error: string } {
  const invalid = (m: string) => ({ ok: false as const, error: `${m}: invalid argument` });
  if (spec.includes('*')) return invalid(`${goQuote(spec)}: wildcards not yet supported`);
  const parts = spec.split('/');
  for (const p of parts) {
    if (!COMPONENT.test(p)) return invalid(`${goQuote(p)} is an invalid component of ${goQuote(spec)}: platform specifier component must match "^[A-Za-z0-9_-]+$"`);
  }
  const [a = '', b = '', c = ''] = parts;
  if (parts.length === 1) {
    const os = normalizeOS(a);
    if (KNOWN_OS.has(os)) return { ok: true, value: { os, architecture: hostArch, variant: '' } };
    const [arch, v] = normalizeArch(a, '');
    const variant = arch === 'arm' && v === 'v7' ? '' : v;
    if (KNOWN_ARCH.has(arch)) return { ok: true, value: { os: 'linux', architecture: arch, variant } };
    return invalid(`${goQuote(spec)}: unknown operating system or architecture`);
  }
  if (parts.length === 2) {
    const [arch, v] = normalizeArch(b, '');
    const variant = arch === 'arm' && v === 'v7' ? '' : v;
    return { ok: true, value: { os: normalizeOS(a), architecture: arch, variant } };
  }
  if (parts.length === 3) {
    const [arch, v] = normalizeArch(b, c);
    const variant = arch === 'arm64' && v === '' ? 'v8' : v;
    return { ok: true, value: { os: normalizeOS(a), architecture: arch, variant } };
  }
  return invalid(`${goQuote(spec)}: cannot parse platform specifier`);
}

/**
 * platforms.Format: `os/arch` or `os/arch/variant`.
 *
 * @example
 * formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v6' }); // 'linux/arm/v6'
 */
export function formatPlatform(p: Platform): string {
  return [p.os || 'unknown', p.architecture, ...(p.variant ? [p.variant] : [])].join('/');
}
