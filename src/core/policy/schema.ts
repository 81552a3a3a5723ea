// The policy part of the guard configuration (roles, grants), validated with zod. Secure by default: every
// knob left out denies the dangerous choice, so a role only gets what it names.
import { z } from 'zod';

const name = z.string().min(1).max(200);

/** Container policy: what a role may put in a container spec (create, update). */
export const containerPolicySchema = z.object({
  privileged: z.boolean().default(false),
  /** Capabilities a role may add (`CapAdd`), upper case without `CAP_`; `ALL` is never implied. */
  capabilities: z.array(name).default([]),
  /** Host device paths a role may map (`Devices`, also `DeviceCgroupRules` need `true` here). */
  devices: z.array(name).default([]),
  /** Host namespaces (network, pid, ipc, uts, userns, cgroup) a role may join. */
  hostNamespaces: z.array(z.enum(['network', 'pid', 'ipc', 'uts', 'userns', 'cgroup'])).default([]),
  /** Allowed `SecurityOpt` entries, exact (e.g. `no-new-privileges`, `no-new-privileges:true`). */
  securityOptions: z.array(name).default(['no-new-privileges', 'no-new-privileges:true']),
  /** Host path prefixes a bind mount may use, compared after normalisation on whole path segments. */
  hostPaths: z.array(z.string().startsWith('/')).default([]),
  /** Local volumes backed by a host path (`o=bind`, `device=`): allowed only inside `hostPaths`. */
  bindVolumes: z.boolean().default(false),
  volumesFrom: z.boolean().default(false),
  /** Image allow-list: `registry/name:tag`, `name:*`, `name@sha256:...`, `*` (anchored globs). */
  images: z.array(name).default(['*']),
  requireLimits: z.object({ cpu: z.boolean().default(false), memory: z.boolean().default(false) }).default({}),
  /** Maximum memory (bytes) when set; NanoCpus maximum. */
  maxMemory: z.number().int().positive().optional(),
  restartPolicies: z.array(z.enum(['', 'no', 'always', 'unless-stopped', 'on-failure'])).default(['', 'no', 'on-failure', 'unless-stopped', 'always']),
  maxContainers: z.number().int().nonnegative().optional(),
  /** Runtimes (`HostConfig.Runtime`) allowed besides the default. */
  runtimes: z.array(name).default([]),
  /** Sysctls keys a role may set. */
  sysctls: z.array(name).default([]),
  /** When false, `Config.User` must be a numeric non-zero `uid[:gid]` (names can be remapped by the container),
   * and exec as the container's default user is refused. */
  allowRoot: z.boolean().default(true),
  /** Host path binds (under `hostPaths`) may be read-write only when true; otherwise they must be `:ro`, so a
   * container cannot plant symlinks (or anything else) in the allowed prefix. */
  allowWritableBinds: z.boolean().default(false),
}).strict();

export const execPolicySchema = z.object({
  privileged: z.boolean().default(false),
  /** Users an exec may run as: `*` (any), '' (the container's default user), or numeric `uid[:gid]` (globs
   * allowed) other than 0. Names are refused: dockerd resolves them in the container's own /etc/passwd. */
  users: z.array(z.string()).default(['']),
  /** Optional allow-list of commands (anchored globs over the argv joined with spaces). */
  commands: z.array(name).optional(),
}).strict();

export const scopeSchema = z.object({
  /** Resources carrying all these labels. */
  labels: z.record(z.string()).optional(),
  /** Resource names matching one of these anchored globs. */
  names: z.array(name).optional(),
  /** Resources this subject created (owner label). Default true when a scope is given. */
  owned: z.boolean().default(true),
}).strict();

export const roleSchema = z.object({
  description: z.string().optional(),
  /** Start from a built-in preset, then apply this role's lists on top. */
  preset: name.optional(),
  /** Route selectors: a route id (`container.create`), `group:NAME`, `risk:CLASS`, `prefix.*`, `*`. */
  allow: z.array(name).default([]),
  deny: z.array(name).default([]),
  container: containerPolicySchema.default({}),
  exec: execPolicySchema.default({}),
  /** The role may reach routes whose effect the guard cannot judge field by field (swarm services, plugins,
   * image load, build). Only for administrators. */
  unjudged: z.boolean().default(false),
}).strict();

export const grantSchema = z.object({
  /** `cert:NAME`, `token:NAME`, `unix:*`, `loopback:*`, or `*:NAME`; globs anchored. */
  subject: name,
  roles: z.array(name).min(1),
  scope: scopeSchema.optional(),
}).strict();

export const policySchema = z.object({
  roles: z.record(roleSchema).default({}),
  grants: z.array(grantSchema).default([]),
  /** API versions the guard will judge; requests outside are denied. */
  apiVersions: z.object({ min: z.string().regex(/^1\.\d+$/).default('1.24'), max: z.string().regex(/^1\.\d+$/).default('1.41') }).default({}),
}).strict();

export type ContainerPolicy = z.infer<typeof containerPolicySchema>;
export type ExecPolicy = z.infer<typeof execPolicySchema>;
export type RoleConfig = z.infer<typeof roleSchema>;
export type GrantConfig = z.infer<typeof grantSchema>;
export type PolicyConfig = z.infer<typeof policySchema>;
export type PolicyConfigInput = z.input<typeof policySchema>;
