// Trap configuration: which engine to pose as, which decoys to show, and the hardening caps. Validated once at
// startup (zod) so the per-request path only reads; secure defaults (loopback listener, small caps).
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { compareApiVersions } from '../core/docker-api/index.js';
import { PortcullisError } from '../core/errors/index.js';

/** Known engine releases: version -> API version and the build facts `/version` reports. */
export const ENGINE_PROFILES: Readonly<Record<string, { api: string; gitCommit: string; goVersion: string; buildTime: string; containerd: string; runc: string }>> = {
  '20.10.24': { api: '1.41', gitCommit: '5d6db84', goVersion: 'go1.19.7', buildTime: '2023-04-04T10:29:52.000000000+00:00', containerd: '1.6.20', runc: '1.1.5' },
  '23.0.6': { api: '1.42', gitCommit: '9dbdbd4', goVersion: 'go1.19.9', buildTime: '2023-05-05T21:18:17.000000000+00:00', containerd: '1.6.21', runc: '1.1.7' },
  '24.0.7': { api: '1.43', gitCommit: '311b9ff', goVersion: 'go1.20.10', buildTime: '2023-10-26T09:07:41.000000000+00:00', containerd: '1.6.24', runc: '1.1.9' },
  '25.0.5': { api: '1.44', gitCommit: 'e63daec', goVersion: 'go1.21.8', buildTime: '2024-03-19T14:43:45.000000000+00:00', containerd: '1.6.28', runc: '1.1.12' },
  '26.1.4': { api: '1.45', gitCommit: 'de5c9cf', goVersion: 'go1.21.11', buildTime: '2024-06-05T11:29:04.000000000+00:00', containerd: '1.6.33', runc: '1.1.12' },
  '27.3.1': { api: '1.47', gitCommit: '41ca978', goVersion: 'go1.22.7', buildTime: '2024-09-20T11:41:06.000000000+00:00', containerd: '1.7.22', runc: '1.1.14' },
};

const decoyContainerSchema = z.object({
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/),
  image: z.string().min(1),
  cmd: z.array(z.string()).default([]),
  running: z.boolean().default(true),
  /** Seconds since the decoy "started" when the trap starts. */
  uptime: z.number().int().nonnegative().default(86_400 * 3),
  labels: z.record(z.string()).default({}),
}).strict();

const decoyImageSchema = z.object({
  ref: z.string().min(1),
  sizeMb: z.number().positive().default(7.4),
}).strict();

export const trapConfigSchema = z.object({
  listen: z.string().default('127.0.0.1:2375'),
  sensor: z.string().min(1).max(64).default('portcullis-trap'),
  engine: z.object({
    version: z.string().default('24.0.7'),
    apiVersion: z.string().regex(/^1\.\d+$/).optional(),
    minApiVersion: z.string().regex(/^1\.\d+$/).default('1.12'),
    hostname: z.string().default('ip-10-0-12-34'),
    os: z.string().default('Ubuntu 22.04.3 LTS'),
    kernel: z.string().default('5.15.0-88-generic'),
    ncpu: z.number().int().positive().max(512).default(8),
    memTotal: z.number().int().positive().default(16_663_592_960),
    arch: z.enum(['amd64', 'arm64']).default('amd64'),
  }).strict().default({}),
  decoys: z.object({
    images: z.array(decoyImageSchema).default([
      { ref: 'ubuntu:22.04', sizeMb: 77.8 }, { ref: 'nginx:1.25', sizeMb: 187 }, { ref: 'redis:7', sizeMb: 138 },
      { ref: 'postgres:15', sizeMb: 412 },
    ]),
    containers: z.array(decoyContainerSchema).default([
      { name: 'web', image: 'nginx:1.25', cmd: ['nginx', '-g', 'daemon off;'], running: true, uptime: 1_209_600, labels: {} },
      { name: 'cache', image: 'redis:7', cmd: ['redis-server'], running: true, uptime: 1_209_600, labels: {} },
      { name: 'db', image: 'postgres:15', cmd: ['postgres'], running: true, uptime: 1_209_600, labels: {} },
    ]),
  }).strict().default({}),
  timing: z.object({
    /** How long an emulated container "runs" before wait returns. */
    runMs: z.number().int().nonnegative().default(1500),
    /** Delay between pull-progress lines. */
    pullStepMs: z.number().int().nonnegative().default(120),
  }).strict().default({}),
  limits: z.object({
    maxConnections: z.number().int().positive().default(2048),
    maxSessions: z.number().int().positive().default(5000),
    sessionIdleMs: z.number().int().positive().default(300_000),
    maxJsonBody: z.number().int().positive().default(262_144),
    maxArchiveBody: z.number().int().positive().default(16_777_216),
    capturedBody: z.number().int().nonnegative().default(4096),
    headersTimeoutMs: z.number().int().positive().default(10_000),
    requestTimeoutMs: z.number().int().positive().default(30_000),
    /** Socket inactivity limit (keep-alive idle, stalled streams); hijacked streams have their own cap. */
    idleTimeoutMs: z.number().int().positive().default(120_000),
    maxObjectsPerSession: z.number().int().positive().default(256),
    maxArchiveMembers: z.number().int().positive().default(1024),
    /** Closed sessions whose state is kept for a returning source (LRU), and for how long. */
    retainedStates: z.number().int().nonnegative().default(1000),
    retainMs: z.number().int().nonnegative().default(86_400_000),
    /** Heap ceiling: above it idle sessions are evicted and new sources refused until it drops. */
    maxHeapMb: z.number().int().positive().default(768),
  }).strict().default({}),
}).strict();

export type TrapConfigInput = z.input<typeof trapConfigSchema>;
export type TrapConfig = z.output<typeof trapConfigSchema> & { readonly engine: { readonly apiVersion: string } };

/**
 * Validate a config object (from YAML or flags) and fill defaults.
 * @example const cfg = parseTrapConfig({ engine: { version: '24.0.7' } });
 */
export function parseTrapConfig(input: unknown): TrapConfig {
  const r = trapConfigSchema.safeParse(input ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `trap config: ${where || '(root)'}: ${issue?.message ?? 'invalid'}; fix that field (see docs/TRAP.md)`);
  }
  const cfg = r.data;
  const api = cfg.engine.apiVersion ?? ENGINE_PROFILES[cfg.engine.version]?.api;
  if (!api) {
    throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `trap config: engine.version ${cfg.engine.version} is not a known release; set engine.apiVersion too (known: ${Object.keys(ENGINE_PROFILES).join(', ')})`);
  }
  if (apiLess(api, '1.24')) {
    throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `trap config: engine.apiVersion ${api} is below 1.24, which current docker clients refuse; use 1.41 or later`);
  }
  return { ...cfg, engine: { ...cfg.engine, apiVersion: api } };
}

/** Parse YAML text into a validated config. */
export function parseTrapConfigYaml(text: string): TrapConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new PortcullisError('PCL_ERR_CONFIG_INVALID', `trap config is not valid YAML: ${(err as Error).message}`, { cause: err });
  }
  return parseTrapConfig(doc);
}

/** Compare API versions as dockerd does (part by part, missing or unreadable parts are 0): true when a < b. */
export function apiLess(a: string, b: string): boolean {
  return compareApiVersions(a, b) < 0;
}
