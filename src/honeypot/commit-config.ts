// The image a `docker commit` makes: the container's config with the Dockerfile-style `changes` applied (ENV, CMD,
// ENTRYPOINT, WORKDIR, USER, LABEL, EXPOSE, VOLUME, STOPSIGNAL), so `image inspect` reads back what was set.
import { inspectConfig } from './container-inspect.js';
import type { EmuContainer } from './state.js';

/** JSON form (`["a","b"]`) or shell form (`/bin/sh -c "…"`), as the builder reads CMD and ENTRYPOINT. */
function commandForm(rest: string): string[] {
  try {
    const v: unknown = JSON.parse(rest);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch { /* shell form */ }
  return ['/bin/sh', '-c', rest];
}

/** `K=V K2=V2` or the legacy `K V` form of ENV and LABEL. */
function pairs(rest: string): Array<[string, string]> {
  if (!/^\S+=/.test(rest)) {
    const [k = '', ...v] = rest.split(/\s+/);
    return [[k, v.join(' ')]];
  }
  return (rest.match(/\S+=("[^"]*"|\S*)/g) ?? []).map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), kv.slice(i + 1).replace(/^"(.*)"$/, '$1')];
  });
}

/** The committed image's Config (changes were validated before: unknown instructions never reach here). */
export function committedConfig(c: EmuContainer, changes: readonly string[]): Record<string, unknown> {
  const cfg = inspectConfig(c.config, c.id, c.cmd, c.entrypoint);
  for (const change of changes) {
    const m = /^\s*(\w+)\s+([^]*)$/.exec(change);
    if (!m) continue;
    const [, word = '', rest = ''] = m;
    const arg = rest.trim();
    switch (word.toUpperCase()) {
      case 'ENV': {
        const env = [...(cfg.Env as string[])];
        for (const [k, v] of pairs(arg)) {
          const i = env.findIndex((e) => e.split('=')[0] === k);
          if (i >= 0) env[i] = `${k}=${v}`;
          else env.push(`${k}=${v}`);
        }
        cfg.Env = env;
        break;
      }
      case 'LABEL': cfg.Labels = { ...(cfg.Labels as Record<string, string> | null ?? {}), ...Object.fromEntries(pairs(arg)) }; break;
      case 'CMD': cfg.Cmd = commandForm(arg); break;
      case 'ENTRYPOINT': cfg.Entrypoint = commandForm(arg); break;
      case 'WORKDIR': cfg.WorkingDir = arg; break;
      case 'USER': cfg.User = arg; break;
      case 'STOPSIGNAL': cfg.StopSignal = arg; break;
      case 'EXPOSE': cfg.ExposedPorts = { ...(cfg.ExposedPorts as object | undefined), ...Object.fromEntries(arg.split(/\s+/).map((p) => [p.includes('/') ? p : `${p}/tcp`, {}])) }; break;
      case 'VOLUME': cfg.Volumes = { ...(cfg.Volumes as object | null ?? {}), ...Object.fromEntries(commandForm(arg).filter((v) => v !== '/bin/sh' && v !== '-c').flatMap((v) => v.split(/\s+/)).map((v) => [v, {}])) }; break;
      default: break;
    }
  }
  return cfg;
}
