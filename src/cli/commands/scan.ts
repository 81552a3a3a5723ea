// `portcullis scan`: argv and wiring for the scan front end.
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('(not yet built)')
    .action(() => {
      throw new PortcullisError('PCL_ERR_CLI_USAGE', 'scan is not built yet');
    });
}
