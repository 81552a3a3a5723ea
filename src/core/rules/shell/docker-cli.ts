// Reads a docker/podman CLI command line: subcommand, image, and the command it will run in a container —
// worms drive other engines with `docker -H tcp://X:2375 run ... IMAGE chroot /mnt sh -c ...`.

const GLOBAL_WITH_VALUE = /^(?:-H|--host|-c|--context|--config|-l|--log-level|--tlscacert|--tlscert|--tlskey)$/;
const RUN_WITH_VALUE = /^(?:-[evpwuhlmaw]|--(?:env|volume|publish|workdir|user|hostname|label|memory|name|network|net|restart|entrypoint|mount|cpus|cap-add|cap-drop|device|pid|ipc|userns|security-opt|platform|log-driver|log-opt|add-host|dns|env-file|health-cmd|ulimit|tmpfs|volumes-from|link|runtime|gpus|cgroupns|uts|stop-signal|shm-size|attach|cpu-shares|memory-swap|pull|detach-keys))$/;

export interface DockerCli {
  readonly sub: string;
  /** Docker hosts given with -H/--host. */
  readonly hosts: readonly string[];
  readonly image?: string;
  /** The argv the container (run/create) or exec will run. */
  readonly command: readonly string[];
  readonly entrypoint?: string;
  /** Options given to run/create/exec before the image (`--privileged`, `-v /:/h`, `--pid=host`), in order. */
  readonly options?: readonly { readonly flag: string; readonly value?: string }[];
}

export function parseDockerCli(argv: readonly string[]): DockerCli | undefined {
  const p = (argv[0] ?? '').split('/').pop()?.toLowerCase();
  if (p !== 'docker' && p !== 'podman' && p !== 'nerdctl') return undefined;
  const hosts: string[] = [];
  let k = 1;
  while (k < argv.length && (argv[k] as string).startsWith('-')) {
    const a = argv[k] as string;
    if (a.startsWith('--host=')) hosts.push(a.slice(7));
    else if (GLOBAL_WITH_VALUE.test(a)) { if (a === '-H' || a === '--host') hosts.push(argv[k + 1] ?? ''); k++; }
    k++;
  }
  let sub = argv[k] ?? '';
  if (sub === 'container' || sub === 'image') sub = argv[++k] ?? '';
  if (sub !== 'run' && sub !== 'create' && sub !== 'pull' && sub !== 'exec') return { sub, hosts, command: [] };
  let entrypoint: string | undefined;
  const options: { flag: string; value?: string }[] = [];
  for (k++; k < argv.length; k++) {
    const a = argv[k] as string;
    if (!a.startsWith('-')) {
      if (sub === 'pull') return { sub, hosts, image: a, command: [] };
      const rest = argv.slice(k + 1);
      return { sub, hosts, ...(sub === 'exec' ? {} : { image: a }), command: entrypoint ? [entrypoint, ...rest] : rest,
        ...(entrypoint ? { entrypoint } : {}), options };
    }
    if (a.startsWith('--entrypoint=')) entrypoint = a.slice(13);
    else if (a === '--entrypoint') entrypoint = argv[k + 1];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) options.push({ flag: a.slice(0, eq), value: a.slice(eq + 1) });
    else if (RUN_WITH_VALUE.test(a)) { options.push({ flag: a, ...(argv[k + 1] !== undefined ? { value: argv[k + 1] } : {}) }); k++; }
    else options.push({ flag: a });
  }
  return { sub, hosts, command: [], options };
}
