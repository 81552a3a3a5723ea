// Rule catalogue part: container, exec, service and volume configuration risks from the docker-api core (PCL-CFG-xxx).
import type { RuleInfo } from '../../report/finding.js';

const ESC = ['T1611'];
const r = (id: string, severity: RuleInfo['severity'], title: string, description: string, remediation: string, cis?: string, attack?: readonly string[]): RuleInfo => ({
  id, title, severity, description, remediation, ...(cis ? { cis } : {}), ...(attack ? { attack } : {}),
});

export const CONFIG_RULES: readonly RuleInfo[] = [
  r('PCL-CFG-001', 'critical', 'Privileged container', 'HostConfig.Privileged gives the container every capability and all host devices; escaping to the host is trivial.', 'Remove Privileged (--privileged); add only the specific capability or device needed.', '5.4', ESC),
  r('PCL-CFG-002', 'critical', 'Capability that grants host control added', 'An added capability (ALL, SYS_ADMIN, SYS_MODULE, SYS_PTRACE, SYS_RAWIO, DAC_READ_SEARCH, BPF, ...) lets the container break out or read the host.', 'Remove the capability from CapAdd / CapabilityAdd; drop ALL and add back only harmless ones.', '5.3', ESC),
  r('PCL-CFG-003', 'medium', 'Extra capability added', 'A capability beyond the default set is added to the container.', 'Remove it from CapAdd unless the workload needs it.', '5.3'),
  r('PCL-CFG-004', 'high', 'Host device exposed', 'A host device node is mapped into the container (HostConfig.Devices).', 'Remove the device mapping, or map it read-only with the narrowest cgroup permissions.', '5.17', ESC),
  r('PCL-CFG-005', 'high', 'Host PID namespace shared', 'PidMode=host lets the container see and signal every host process (and nsenter into them with privileges).', 'Remove PidMode=host.', '5.15', ESC),
  r('PCL-CFG-006', 'high', 'Host network namespace shared', 'NetworkMode=host puts the container on the host network stack, bypassing network isolation.', 'Use a bridge or user-defined network instead of host.', '5.9'),
  r('PCL-CFG-007', 'medium', 'Host IPC namespace shared', 'IpcMode=host exposes host shared memory and IPC objects.', 'Remove IpcMode=host.', '5.16'),
  r('PCL-CFG-008', 'medium', 'Host UTS namespace shared', 'UTSMode=host lets the container change the host name.', 'Remove UTSMode=host.', '5.20'),
  r('PCL-CFG-009', 'high', 'User namespace remapping disabled', 'UsernsMode=host runs the container in the host user namespace even when the daemon remaps users.', 'Remove UsernsMode=host.', '5.30', ESC),
  r('PCL-CFG-010', 'medium', 'Host cgroup namespace shared', 'CgroupnsMode=host exposes the host cgroup hierarchy to the container.', 'Use CgroupnsMode=private.'),
  r('PCL-CFG-011', 'high', 'Seccomp disabled', 'SecurityOpt seccomp=unconfined removes the syscall filter.', 'Remove seccomp=unconfined; use the default or a custom profile.', '5.21', ESC),
  r('PCL-CFG-012', 'high', 'AppArmor disabled', 'SecurityOpt apparmor=unconfined removes the AppArmor profile.', 'Remove apparmor=unconfined.', '5.1', ESC),
  r('PCL-CFG-013', 'high', 'SELinux labelling disabled', 'SecurityOpt label=disable (or SELinuxContext.Disable) turns off SELinux separation.', 'Remove label=disable.', '5.2', ESC),
  r('PCL-CFG-014', 'medium', 'Privilege escalation allowed', 'no-new-privileges is explicitly false, so setuid binaries can raise privileges.', 'Set no-new-privileges=true.', '5.25'),
  r('PCL-CFG-015', 'critical', 'Docker socket mounted', 'The Docker API socket (or the directory holding it) is mounted: the container controls the engine and so the host.', 'Remove the mount; give the workload a guarded, role-limited API endpoint instead.', '5.31', ['T1610', 'T1611']),
  r('PCL-CFG-016', 'critical', 'Sensitive host path mounted', 'A sensitive host directory (/, /etc, /proc, /sys, /dev, /boot, /root, /home, /run, /var/run, /var/lib/docker) is mounted into the container.', 'Remove the bind mount or mount a narrow, non-sensitive subdirectory read-only.', '5.5', ESC),
  r('PCL-CFG-017', 'medium', 'Host path mounted', 'A host directory is bind-mounted into the container.', 'Prefer named volumes; mount host paths read-only where needed.', '5.5'),
  r('PCL-CFG-018', 'high', 'Bind-backed named volume', 'A named volume is created with driver options type=none,o=bind,device=<host path>, a bind mount in disguise.', 'Create volumes without bind options, or point device at a dedicated data directory.', '5.5', ESC),
  r('PCL-CFG-019', 'medium', 'Volumes taken from another container', 'VolumesFrom mounts every volume (including host binds) of another container.', 'Mount the needed volumes explicitly.'),
  r('PCL-CFG-020', 'low', 'No memory limit', 'The container has no memory limit; a miner or leak can exhaust host memory.', 'Set Memory (--memory).', '5.10'),
  r('PCL-CFG-021', 'low', 'No CPU limit', 'The container has no CPU limit or share (NanoCpus, CpuQuota, CpuShares); miners use every core.', 'Set NanoCpus (--cpus) or CpuQuota.', '5.11'),
  r('PCL-CFG-022', 'low', 'No PIDs limit', 'The container has no PIDs limit; a fork bomb can exhaust the host.', 'Set PidsLimit (--pids-limit).', '5.28'),
  r('PCL-CFG-023', 'low', 'Always-restart policy', 'RestartPolicy always or unless-stopped keeps a container (or a planted miner) running across reboots.', 'Use on-failure with a maximum retry count of 5.', '5.14', ['T1543']),
  r('PCL-CFG-024', 'medium', 'Port published on all interfaces', 'A port is published on 0.0.0.0 / :: (empty HostIp or PublishAllPorts).', 'Bind published ports to a specific interface address (HostIp).', '5.13'),
  r('PCL-CFG-025', 'low', 'Writable root filesystem', 'ReadonlyRootfs is not set, so the container can modify its own filesystem.', 'Set ReadonlyRootfs (--read-only) and use volumes for writable data.', '5.12'),
  r('PCL-CFG-026', 'high', 'Privileged exec', 'An exec instance is created with Privileged=true.', 'Do not use --privileged with docker exec.', '5.22', ESC),
  r('PCL-CFG-027', 'medium', 'Exec as root', 'An exec instance runs explicitly as root (User root or 0).', 'Run exec as the container\'s unprivileged user.', '5.23'),
  r('PCL-CFG-028', 'high', 'Shared mount propagation', 'A mount uses shared or rshared propagation, so mounts made in the container appear on the host.', 'Use private or rprivate propagation.', '5.19', ESC),
  r('PCL-CFG-029', 'medium', 'Kernel parameters set', 'Sysctls change kernel parameters of the container namespaces (kernel.*, net.*).', 'Remove the sysctls unless required and reviewed.'),
  r('PCL-CFG-030', 'high', 'Plugin granted host privileges', 'A plugin is installed with privileges such as host network, host mounts, devices or capabilities.', 'Install only plugins you trust and refuse privileges they do not need.', undefined, ESC),
  r('PCL-CFG-031', 'medium', 'Build on the host network', 'A build runs with networkmode=host.', 'Build with the default network.'),
  r('PCL-CFG-032', 'medium', 'Build from a remote context', 'The daemon itself fetches the build context from a URL (remote=), reaching whatever the daemon host can reach.', 'Upload the build context from the client instead.', undefined, ['T1105']),
  r('PCL-CFG-033', 'high', 'Archive written to a sensitive container path', 'PUT /containers/{id}/archive extracts a tar into a system path of the container (/, /etc, /bin, /usr, /root, ...).', 'Extract archives into a dedicated data directory.', undefined, ['T1105']),
  r('PCL-CFG-034', 'high', 'Kernel paths unmasked', 'MaskedPaths or ReadonlyPaths is emptied (or systempaths=unconfined), exposing /proc and /sys internals.', 'Leave MaskedPaths/ReadonlyPaths at their defaults.', undefined, ESC),
  r('PCL-CFG-035', 'high', 'Device cgroup rule allows all devices', 'A DeviceCgroupRules entry allows every device (a, *:*) to be created and used.', 'Allow only the specific major:minor numbers needed.', '5.17', ESC),
  r('PCL-CFG-036', 'medium', 'Credential in the container environment', 'An environment variable holds a credential: its name says so (*_PASSWORD, *_SECRET, *_TOKEN, API_KEY, ...) and its value is not a setting, or its value has a known credential format (AWS key id, GitHub/GitLab/Slack token, private key, password in a URL). Anyone who can read the Docker API reads it with docker inspect.', 'Pass it as a file instead (Docker secrets, a read-only bind of a 0400 file, *_FILE variables) and rotate the credential.', undefined, ['T1552.007']),
  // CIS Docker Benchmark 1.6 container controls judged by the audit on stored containers (src/core/checks/cis-containers.ts).
  // Numbers are the benchmark's; docker-bench-security's script numbers section 5 one higher (its 5.1 is swarm).
  r('PCL-CFG-037', 'low', 'Container runs as root', 'Config.User is empty, 0, root, 0:<group> or root:<group> (the image sets no non-root USER and none is given at create): a process that escapes the container is root on the host unless userns-remap is on.', 'Add USER <uid> (a non-zero numeric uid) to the image, or recreate the container with --user 1000:1000.', '4.1'),
  r('PCL-CFG-038', 'info', 'No healthcheck', 'Neither the container (Config.Healthcheck) nor its image defines a HEALTHCHECK, or it is disabled (NONE): the engine cannot tell a hung or hijacked workload from a healthy one.', 'Add a HEALTHCHECK to the image, or recreate the container with --health-cmd.', '4.6'),
  r('PCL-CFG-039', 'low', 'Privileged host port published', 'A port below 1024 of the host is published (HostConfig.PortBindings HostPort 1-1023): the container takes a port normally reserved for root-run system services.', 'Publish on a host port of 1024 or above (-p 8080:80) and put a reverse proxy on the low port if needed.', '5.7'),
  r('PCL-CFG-040', 'low', 'Cgroup parent set', 'HostConfig.CgroupParent places the container under a cgroup other than the engine default, outside the limits and accounting the engine applies to its containers.', 'Recreate the container without --cgroup-parent, or confirm the named cgroup is one you manage and limit.', '5.24'),
  r('PCL-CFG-041', 'info', 'Ulimits overridden', 'HostConfig.Ulimits overrides the daemon default ulimits for this container (open files, processes, core size...).', 'Confirm each override is needed; remove --ulimit to use the daemon default-ulimits.', '5.18'),
  r('PCL-CFG-042', 'medium', 'SSH server running in the container', 'An sshd process runs inside the container: another way in with its own credentials, keys and patch level, outside the engine API access control.', 'Remove the SSH server from the image and use docker exec (through an authenticated, role-limited API) for shell access.', '5.6', ['T1021.004']),
];
