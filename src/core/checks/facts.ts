// What the auditor collected from a host (or a mounted root) and its engine: plain data the pure checks read.
// Collection (I/O) lives in src/auditor; every check in this folder is a function of HostFacts only.

/** File metadata as lstat/stat report it (mode keeps the type bits; use `perm` for the permission bits). */
export interface FileStat {
  readonly uid: number;
  readonly gid: number;
  /** Permission bits only (e.g. 0o660). */
  readonly perm: number;
  readonly kind: 'file' | 'dir' | 'socket' | 'symlink' | 'other';
  readonly dev: number;
  readonly ino: number;
}

/** One file the auditor looked at. Paths are absolute inside the audited root ("/etc/docker/daemon.json"). */
export interface FileFact {
  readonly path: string;
  /** Text content (only for files the checks parse; capped by the collector). */
  readonly content?: string;
  readonly stat?: FileStat;
  /** Why it could not be read: ENOENT (absent, not an error), EACCES (as non-root), or another code. */
  readonly error?: string;
}

/** A listening socket from /proc/net/{tcp,tcp6,unix} with its owner when /proc/<pid>/fd tells. */
export interface ListenFact {
  readonly proto: 'tcp' | 'tcp6' | 'unix';
  /** IP address ("0.0.0.0", "::", "127.0.0.1") or unix socket path. */
  readonly address: string;
  readonly port?: number;
  readonly inode: number;
  readonly pid?: number;
  /** Set when the socket lives in another network namespace than the auditor's ("net:[4026532281]"). */
  readonly netns?: string;
}

/** One process from /proc/<pid>. */
export interface ProcessFact {
  readonly pid: number;
  readonly argv: readonly string[];
  /** /proc/<pid>/comm. */
  readonly comm: string;
  /** Where the argv came from, for evidence ("/proc/123/cmdline"). */
  readonly source: string;
  /** Real uid from /proc/<pid>/status (a dockerd not run by root is a rootless daemon). */
  readonly uid?: number;
}

/** A bind source resolved on the host, to compare with the daemon socket by identity, not by name. */
export interface BindSourceFact {
  readonly source: string;
  readonly realpath?: string;
  readonly stat?: FileStat;
}

/** What the engine API answered (or why it could not be asked). */
export interface EngineFacts {
  /** Endpoint as shown to users ("unix:///var/run/docker.sock"). */
  readonly endpoint: string;
  readonly version?: Record<string, unknown>;
  readonly info?: Record<string, unknown>;
  /** Full inspect documents of every container, stopped ones included (list with all=1). */
  readonly containers?: readonly Record<string, unknown>[];
  /** Named volumes (GET /volumes `.Volumes`): a local volume with o=bind is a host directory in disguise. */
  readonly volumes?: readonly Record<string, unknown>[];
  /** Image inspect documents (GET /images/{id}/json) keyed by the image id containers name in `.Image`. */
  readonly images?: Readonly<Record<string, Record<string, unknown>>>;
  /**
   * Processes of running containers (GET /containers/{id}/top, ps -ef columns) keyed by container id; a container
   * whose processes could not be listed has `error`. Undefined when the collector did not ask.
   */
  readonly top?: Readonly<Record<string, ContainerTop>>;
  /** Set when the engine could not be reached or answered an error. */
  readonly error?: string;
  /** True when no engine was asked at all (e.g. --root without --docker-host, or no socket exists). */
  readonly absent?: boolean;
}

/** What /containers/{id}/top answered: column titles and one row of cells per process. */
export interface ContainerTop {
  readonly titles?: readonly string[];
  readonly processes?: readonly (readonly string[])[];
  readonly error?: string;
}

export interface HostFacts {
  /** The audited root: "/" for the live host, or the --root directory (for messages). */
  readonly root: string;
  /** True for the live host (its /proc and sockets are this machine's). */
  readonly live: boolean;
  /** Every file looked at, keyed by absolute in-root path. Missing keys were not looked at. */
  readonly files: Readonly<Record<string, FileFact>>;
  /** Processes from <root>/proc; undefined when there is no process table (offline root). */
  readonly processes?: readonly ProcessFact[];
  /** Listening sockets; undefined when /proc/net could not be read. */
  readonly listeners?: readonly ListenFact[];
  /** Home directories scanned for Docker Desktop settings (in-root paths). */
  readonly engine?: EngineFacts;
  /** Resolved bind sources of containers, keyed by the source string (live host only). */
  readonly bindSources?: Readonly<Record<string, BindSourceFact>>;
  /**
   * The uid and gid that count as root for ownership checks: 0 on the live host; the owner of the --root directory
   * offline, because a root extracted by a non-root user maps root-owned files to that user.
   */
  readonly rootOwner?: { readonly uid: number; readonly gid: number };
  /** Effective user id of the auditor (to explain EACCES). */
  readonly uid?: number;
  /** Clock, passed in so the checks stay pure (certificate expiry). */
  readonly now: Date;
}
