// `portcullis audit`: argv and wiring for the audit front end.
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('(not yet built)')
    .action(() => {
      throw new PortcullisError('PCL_ERR_CLI_USAGE', 'audit is not built yet');
    });
}
