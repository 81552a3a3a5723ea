// Which programs the inert shell's PATH "has": an alpine image's busybox applets and base tools (so `command -v
// wget` finds it and `command -v curl || ...`, `which xmrig` do not), and the shell's own builtins.

const BIN = 'ash base64 busybox cat chgrp chmod chown cp date dd df dmesg echo egrep false fgrep grep gunzip gzip hostname kill ln login ls '
  + 'mkdir mknod mktemp more mount mv netstat nice pidof ping ping6 ps pwd rm rmdir sed sh sleep stat su sync tar touch true umount uname '
  + 'usleep watch zcat';
const USR_BIN = 'awk basename bc cksum clear cmp crontab cut diff dirname du env expr find flock free fuser getconf head hexdump id install '
  + 'ipcs killall less logger lsof md5sum mkfifo nc nl nohup nproc nslookup od passwd paste pgrep pkill pmap printf pwdx readlink realpath '
  + 'renice reset seq setsid sha1sum sha256sum sha512sum shuf sort split ssl_client strings sum tac tail tee test time timeout top tr '
  + 'traceroute truncate tty uniq unshare unzip uptime vi wc wget which whoami xargs xxd yes';
const SBIN = 'apk arp blkid fdisk halt ifconfig ip iptables losetup mkswap modprobe nologin poweroff reboot route swapoff swapon sysctl';
const USR_SBIN = 'addgroup adduser chroot crond delgroup deluser nanddump ntpd setcap';

const TOOLS = new Map<string, string>();
for (const [dir, names] of [['/bin', BIN], ['/usr/bin', USR_BIN], ['/sbin', SBIN], ['/usr/sbin', USR_SBIN]] as const) {
  for (const n of names.split(' ')) TOOLS.set(n, `${dir}/${n}`);
}

/** Builtins of busybox ash / dash (`command -v cd` prints `cd`). */
export const BUILTINS = new Set(['.', ':', '[', 'alias', 'bg', 'break', 'cd', 'command', 'continue', 'echo', 'eval', 'exec', 'exit', 'export',
  'false', 'fg', 'getopts', 'hash', 'jobs', 'kill', 'local', 'printf', 'pwd', 'read', 'readonly', 'return', 'set', 'shift', 'source', 'test',
  'times', 'trap', 'true', 'type', 'ulimit', 'umask', 'unalias', 'unset', 'wait']);

/** The path a PATH search finds for `name`, or undefined (absolute paths are the caller's to check). */
export function toolPath(name: string): string | undefined {
  return TOOLS.get(name);
}

/** Whether `path` is one of the image's programs (so `[ -x /usr/bin/wget ]` holds). */
export function isToolPath(path: string): boolean {
  const name = path.split('/').pop() ?? '';
  return TOOLS.get(name) === path;
}

export interface Lookup { readonly out: string; readonly status: number }

/**
 * `command -v X...`, `which X...` and `type X...` as busybox ash prints them on an alpine image: builtins and
 * functions by name, programs by path; a missing name is status 127 (`which`: 1, and `type` says `not found`).
 */
export function lookupCommands(kind: 'command' | 'which' | 'type', names: readonly string[], exists: (path: string) => boolean,
  functions: ReadonlySet<string>): Lookup {
  let out = '';
  let status = 0;
  for (const n of names) {
    const builtin = kind !== 'which' && (BUILTINS.has(n) || functions.has(n));
    const path = n.includes('/') ? (exists(n) ? n : undefined) : toolPath(n);
    if (builtin) out += kind === 'type' ? `${n} is a ${functions.has(n) ? 'function' : 'shell builtin'}\n` : `${n}\n`;
    else if (path !== undefined) out += kind === 'type' ? `${n} is ${path}\n` : `${path}\n`;
    else {
      status = kind === 'which' ? 1 : 127;
      if (kind === 'type') out += `${n}: not found\n`;
    }
  }
  if (names.length === 0 && kind === 'which') status = 1;
  return { out, status };
}
