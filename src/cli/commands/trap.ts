// `portcullis trap`: argv and wiring for the trap front end.
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';

export function registerTrap(program: Command): void {
  program
    .command('trap')
    .description('(not yet built)')
    .action(() => {
      throw new PortcullisError('PCL_ERR_CLI_USAGE', 'trap is not built yet');
    });
}
