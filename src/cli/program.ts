// The command tree: one subcommand per front end, each registered from its own file in commands/. Only the
// command being run is loaded (a scan does not pay for the guard's modules); --help and unknown input load all.
import { Command } from 'commander';
import { VERSION } from './version.js';

type Register = (program: Command) => void;

/** Subcommand name -> loader of its registration module. Order is the order of `portcullis --help`. */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['scan', async () => (await import('./commands/scan.js')).registerScan],
  ['audit', async () => (await import('./commands/audit.js')).registerAudit],
  ['guard', async () => (await import('./commands/guard.js')).registerGuard],
  ['watch', async () => (await import('./commands/watch.js')).registerWatch],
  ['trap', async () => (await import('./commands/trap.js')).registerTrap],
  ['serve', async () => (await import('./commands/serve.js')).registerServe],
];

/** Build the program for `argv` (process.argv shape); registers only the named subcommand when there is one. */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('portcullis')
    .description('Find, audit, guard, watch and trap exposed Docker Engine APIs.\n\n'
      + 'Attackers sweep the internet for Docker daemons on TCP 2375/2376 and use them to run cryptominers as root '
      + 'on the host. portcullis finds such daemons, audits hosts, guards the API, watches engines and traps attackers.')
    .version(VERSION, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  const only = COMMANDS.find(([name]) => name === first);
  const wantsVersionOnly = argv.length === 3 && (argv[2] === '-V' || argv[2] === '--version');
  if (!wantsVersionOnly) {
    for (const [, load] of only ? [only] : COMMANDS) (await load())(program);
  }
  return program;
}
