// Inert, believable output for what an attacker runs: canned answers to the usual recon commands, silence
// for everything else (downloads "succeed" quietly). Nothing is executed or fetched.
import type { TrapConfig } from './config.js';

export interface ObservedCommand {
  readonly argv: readonly string[];
}

function osRelease(os: string): string {
  const m = /Ubuntu (\d+\.\d+)(\.\d+)?/.exec(os);
  const ver = m ? `${m[1]}${m[2] ?? ''}` : '22.04.3';
  return `PRETTY_NAME="Ubuntu ${ver} LTS"\nNAME="Ubuntu"\nVERSION_ID="${m?.[1] ?? '22.04'}"\nVERSION="${ver} LTS (Jammy Jellyfish)"\n`
    + 'VERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n';
}

/** What the emulated container prints for the commands it "runs" (stdout only). */
export function outputFor(commands: readonly ObservedCommand[], cfg: TrapConfig, hostname: string): string {
  let out = '';
  for (const c of commands) {
    const [prog = '', ...args] = c.argv;
    const base = prog.split('/').pop() ?? prog;
    switch (base) {
      case 'echo': out += `${args.filter((a) => a !== '-n' && a !== '-e').join(' ')}\n`; break;
      case 'uname': out += args.includes('-a')
        ? `Linux ${hostname} ${cfg.engine.kernel} #98-Ubuntu SMP Mon Oct 2 15:18:56 UTC 2023 ${cfg.engine.arch === 'amd64' ? 'x86_64' : 'aarch64'} Linux\n`
        : args.includes('-m') ? `${cfg.engine.arch === 'amd64' ? 'x86_64' : 'aarch64'}\n` : args.includes('-r') ? `${cfg.engine.kernel}\n` : 'Linux\n';
        break;
      case 'id': out += args.includes('-u') || args.includes('-g') ? '0\n' : args.includes('-un') ? 'root\n' : 'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n'; break;
      case 'whoami': out += 'root\n'; break;
      case 'hostname': out += `${hostname}\n`; break;
      case 'nproc': out += `${cfg.engine.ncpu}\n`; break;
      case 'pwd': out += '/\n'; break;
      case 'cat':
        if (args.includes('/etc/os-release') || args.some((a) => a.endsWith('/etc/os-release'))) out += osRelease(cfg.engine.os);
        else if (args.some((a) => a.endsWith('/proc/cpuinfo'))) out += `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz\ncpu cores\t: ${cfg.engine.ncpu}\n`;
        break;
      case 'ls': out += 'bin\ndev\netc\nhome\nlib\nmedia\nmnt\nopt\nproc\nroot\nrun\nsbin\nsrv\nsys\ntmp\nusr\nvar\n'; break;
      case 'free': {
        const kb = Math.round(cfg.engine.memTotal / 1024);
        out += `               total        used        free      shared  buff/cache   available\nMem:       ${kb}     ${Math.round(kb * 0.21)}     ${Math.round(kb * 0.52)}        2044     ${Math.round(kb * 0.27)}     ${Math.round(kb * 0.75)}\nSwap:              0           0           0\n`;
        break;
      }
      default: break;
    }
    if (out.length > 16_384) break;
  }
  return out;
}
