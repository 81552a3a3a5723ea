// A `portcullis guard` entry with only the guard subcommand registered, so guard tests run the real CLI
// code path even while other front ends are mid-change. Same error handling as src/cli/main.ts.
import { Command } from 'commander';
import { registerGuard } from '../../../src/cli/commands/guard.js';
import { exitCodeFor, EXIT } from '../../../src/cli/exit-codes.js';
import { isPortcullisError } from '../../../src/core/errors/index.js';

const program = new Command('portcullis').exitOverride();
registerGuard(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  if (isPortcullisError(err)) {
    process.stderr.write(`portcullis: ${err.message} [${err.code}]\n`);
    process.exitCode = exitCodeFor(err);
  } else if (err && typeof err === 'object' && 'code' in err && String((err as { code: unknown }).code).startsWith('commander.')) {
    process.exitCode = EXIT.usage;
  } else {
    process.stderr.write(`internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = EXIT.internal;
  }
});
