// compile(config) once at load: resolve presets into roles, compile selectors and globs, and bind grants to
// roles so evaluate() only checks. A grant naming an unknown role is a configuration error, not a deny.
import { PortcullisError } from '../errors/index.js';
import { PRESETS } from './presets.js';
import { badExecUserEntry } from './user-checks.js';
import { compileGlobs, compileSelectors, globToRegExp, type Matcher } from './match.js';
import { policySchema, type ContainerPolicy, type ExecPolicy, type PolicyConfigInput, type RoleConfig } from './schema.js';
import type { PolicyRoute, Subject } from './types.js';

export interface CompiledRole {
  readonly name: string;
  readonly allows: (r: PolicyRoute) => boolean;
  readonly denies: (r: PolicyRoute) => boolean;
  readonly container: ContainerPolicy;
  readonly exec: ExecPolicy;
  readonly unjudged: boolean;
  readonly images: Matcher;
  readonly execCommands?: Matcher;
  readonly execUsers: Matcher;
}

export interface CompiledScope {
  readonly labels?: Readonly<Record<string, string>>;
  readonly names?: Matcher;
  readonly owned: boolean;
}

export interface CompiledGrant {
  readonly subject: string;
  readonly matches: (s: Subject) => boolean;
  readonly roles: readonly CompiledRole[];
  readonly scope?: CompiledScope;
}

export interface CompiledPolicy {
  readonly roles: ReadonlyMap<string, CompiledRole>;
  readonly grants: readonly CompiledGrant[];
  readonly minVersion: string;
  readonly maxVersion: string;
}

function mergeRole(name: string, role: RoleConfig): RoleConfig {
  if (role.preset === undefined) return role;
  const base = PRESETS[role.preset];
  if (!base) {
    throw new PortcullisError('PCL_ERR_POLICY_INVALID',
      `role "${name}" names unknown preset "${role.preset}"; use one of: ${Object.keys(PRESETS).join(', ')}`);
  }
  return { ...role, allow: [...base.allow, ...role.allow], deny: [...base.deny, ...role.deny] };
}

function compileRole(name: string, cfg: RoleConfig): CompiledRole {
  const role = mergeRole(name, cfg);
  const images = compileGlobs(role.container.images);
  const badUser = badExecUserEntry(role.exec.users);
  if (badUser !== undefined) {
    throw new PortcullisError('PCL_ERR_POLICY_INVALID', `role "${name}" exec.users names "${badUser}": names are resolved in the `
      + 'container\'s own /etc/passwd (a container can remap them to root) and uid 0 is root; use a numeric uid such as 65534, or "*" for any user');
  }
  return {
    name,
    allows: compileSelectors(role.allow),
    denies: compileSelectors(role.deny),
    container: role.container,
    exec: role.exec,
    unjudged: role.unjudged,
    images,
    ...(role.exec.commands ? { execCommands: compileGlobs(role.exec.commands) } : {}),
    execUsers: compileGlobs(role.exec.users),
  };
}

/** Compile a policy configuration (validated here too, so callers may pass plain objects). */
export function compilePolicy(input: PolicyConfigInput): CompiledPolicy {
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new PortcullisError('PCL_ERR_POLICY_INVALID', `policy invalid at ${i?.path.join('.') ?? '?'}: ${i?.message ?? ''}`);
  }
  const cfg = parsed.data;
  const roles = new Map<string, CompiledRole>();
  for (const [n, r] of Object.entries(PRESETS)) roles.set(n, compileRole(n, r));
  for (const [n, r] of Object.entries(cfg.roles)) roles.set(n, compileRole(n, r));
  const grants = cfg.grants.map((g, i): CompiledGrant => {
    const rs = g.roles.map((rn) => {
      const r = roles.get(rn);
      if (!r) {
        throw new PortcullisError('PCL_ERR_POLICY_INVALID',
          `grants[${i}] names unknown role "${rn}"; define it under roles: or use a preset (${Object.keys(PRESETS).join(', ')})`);
      }
      return r;
    });
    const re = globToRegExp(g.subject.includes(':') ? g.subject : `*:${g.subject}`);
    const scope = g.scope === undefined ? undefined : {
      owned: g.scope.owned,
      ...(g.scope.labels ? { labels: g.scope.labels } : {}),
      ...(g.scope.names ? { names: compileGlobs(g.scope.names) } : {}),
    };
    return { subject: g.subject, matches: (s) => re.test(s.id), roles: rs, ...(scope ? { scope } : {}) };
  });
  return { roles, grants, minVersion: cfg.apiVersions.min, maxVersion: cfg.apiVersions.max };
}
