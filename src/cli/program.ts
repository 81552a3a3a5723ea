// The command tree: one subcommand per front end, each registered from its own file in commands/.
import { Command } from 'commander';
import { VERSION } from './version.js';
import { registerScan } from './commands/scan.js';
import { registerAudit } from './commands/audit.js';
import { registerGuard } from './commands/guard.js';
import { registerWatch } from './commands/watch.js';
import { registerTrap } from './commands/trap.js';
import { registerServe } from './commands/serve.js';

export function buildProgram(): Command {
  const program = new Command('portcullis')
    .description('Find, audit, guard, watch and trap exposed Docker Engine APIs.\n\n'
      + 'Attackers sweep the internet for Docker daemons on TCP 2375/2376 and use them to run cryptominers as root '
      + 'on the host. portcullis finds such daemons, audits hosts, guards the API, watches engines and traps attackers.')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScan(program);
  registerAudit(program);
  registerGuard(program);
  registerWatch(program);
  registerTrap(program);
  registerServe(program);
  return program;
}
