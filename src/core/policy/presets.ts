// Built-in roles for the consumers that mount docker.sock today. Each lists only what that consumer needs;
// anything else is denied. Route selectors are route ids, `group:NAME`, `risk:CLASS` or `prefix.*`.
import type { RoleConfig } from './schema.js';
import { roleSchema } from './schema.js';

const PING = ['system.ping', 'system.version', 'system.info'];

const raw: Record<string, Partial<RoleConfig> & { description: string }> = {
  'read-only': {
    description: 'Inspect and list everything; no writes, and no data: archive, export, logs, attach, stats are denied.',
    allow: [...PING, 'risk:read'],
    // GET /swarm returns the join tokens on a manager: joining as a manager is full control. Distribution inspect
    // and image search make the engine contact whatever registry the name holds (127.0.0.1:port included).
    deny: ['swarm.inspect', 'distribution.inspect', 'image.search'],
  },
  traefik: {
    description: 'Traefik docker provider: list and inspect containers, networks, services, tasks; follow events.',
    allow: [...PING, 'container.list', 'container.inspect', 'network.list', 'network.inspect', 'service.list',
      'service.inspect', 'task.list', 'node.list', 'system.events'],
  },
  watchtower: {
    description: 'Watchtower: list/inspect, pull images, stop/remove/recreate containers with the same config.',
    allow: [...PING, 'container.list', 'container.inspect', 'image.list', 'image.inspect', 'image.pull',
      'image.delete', 'container.create', 'container.start', 'container.stop', 'container.kill', 'container.delete',
      'container.rename', 'network.connect', 'network.list', 'network.inspect'],
  },
  prometheus: {
    description: 'Prometheus docker_sd / cAdvisor-style metrics: list, inspect and stats only.',
    allow: [...PING, 'container.list', 'container.inspect', 'container.stats', 'network.list', 'image.list'],
  },
  'ci-runner': {
    description: 'CI runner: run unprivileged job containers with limits, exec, logs, copy files; no host paths.',
    allow: [...PING, 'risk:read', 'group:read', 'container.*', 'exec.*', 'image.pull', 'image.list', 'image.inspect',
      'volume.*', 'network.list', 'network.inspect', 'system.events'],
    deny: ['container.update'],
    container: { requireLimits: { cpu: false, memory: true }, maxContainers: 20 } as RoleConfig['container'],
  },
  admin: {
    description: 'Portainer-style administrator: every route, every container option (privileged included).',
    allow: ['*'],
    unjudged: true,
    container: {
      privileged: true, capabilities: ['ALL'], devices: ['*'], hostNamespaces: ['network', 'pid', 'ipc', 'uts', 'userns', 'cgroup'],
      securityOptions: ['*'], hostPaths: ['/'], bindVolumes: true, volumesFrom: true, images: ['*'],
      requireLimits: { cpu: false, memory: false }, restartPolicies: ['', 'no', 'always', 'unless-stopped', 'on-failure'],
      runtimes: ['*'], sysctls: ['*'], allowWritableBinds: true, allowRoot: true,
    },
    exec: { privileged: true, users: ['*'] },
  },
};

/** Built-in roles by name (fully defaulted). */
export const PRESETS: Readonly<Record<string, RoleConfig>> = Object.fromEntries(
  Object.entries(raw).map(([k, v]) => [k, roleSchema.parse(v)]),
);
export const PRESET_NAMES = Object.keys(PRESETS);
