// `portcullis watch`: argv and wiring for the watch front end.
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';

export function registerWatch(program: Command): void {
  program
    .command('watch')
    .description('(not yet built)')
    .action(() => {
      throw new PortcullisError('PCL_ERR_CLI_USAGE', 'watch is not built yet');
    });
}
