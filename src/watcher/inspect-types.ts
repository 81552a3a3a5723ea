// The parts of the engine's container and exec inspect documents the watcher reads.

export interface ContainerInspect {
  readonly Id: string;
  readonly Name?: string;
  readonly Image?: string;
  readonly Config?: {
    readonly Image?: string;
    readonly Cmd?: string[] | string | null;
    readonly Entrypoint?: string[] | string | null;
    readonly Env?: string[] | null;
    readonly Labels?: Record<string, string> | null;
    readonly WorkingDir?: string;
    /** `Test` is ["CMD-SHELL", script] or ["CMD", argv...] (or ["NONE"]). */
    readonly Healthcheck?: { readonly Test?: string[] | null } | null;
  };
  readonly HostConfig?: Record<string, unknown>;
  readonly Mounts?: ReadonlyArray<{ Type?: string; Source?: string; Destination?: string; RW?: boolean }>;
  readonly State?: { readonly Running?: boolean; readonly Paused?: boolean; readonly Pid?: number; readonly Status?: string };
}

export interface ExecInspect {
  readonly ID: string;
  readonly ContainerID: string;
  readonly ProcessConfig?: { readonly entrypoint?: string; readonly arguments?: string[]; readonly privileged?: boolean; readonly user?: string };
}

export interface TopResult {
  readonly Titles: string[];
  readonly Processes: string[][];
}

/** Short display name without the leading slash. */
export function containerName(c: ContainerInspect): string {
  return (c.Name ?? '').replace(/^\//, '') || c.Id.slice(0, 12);
}

/** Image as the user named it (Config.Image), else the image id. */
export function containerImage(c: ContainerInspect): string {
  return c.Config?.Image ?? c.Image ?? '';
}
