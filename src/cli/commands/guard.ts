// `portcullis guard`: argv and wiring for the guard front end.
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';

export function registerGuard(program: Command): void {
  program
    .command('guard')
    .description('(not yet built)')
    .action(() => {
      throw new PortcullisError('PCL_ERR_CLI_USAGE', 'guard is not built yet');
    });
}
