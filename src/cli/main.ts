#!/usr/bin/env node
// The `portcullis` executable: parses argv with commander and hands each subcommand to its front end.
// Exit codes are decided in one place (exit-codes.ts); errors are PortcullisError codes, never strings.
import { buildProgram } from './program.js';
import { exitCodeFor, EXIT } from './exit-codes.js';
import { isPortcullisError } from '../core/errors/index.js';

// A closed pipe (`portcullis ... | head`) ends the run quietly instead of crashing on EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

async function main(): Promise<void> {
  const program = await buildProgram(process.argv);
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (isPortcullisError(err)) {
      process.stderr.write(`portcullis: ${err.message} [${err.code}]\n`);
      process.exitCode = exitCodeFor(err);
    } else if (err && typeof err === 'object' && 'code' in err && String((err as { code: unknown }).code).startsWith('commander.')) {
      // commander already printed its message; --help and --version exit 0, usage errors exit 2.
      const code = String((err as { code: unknown }).code);
      process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help' ? EXIT.ok : EXIT.usage;
    } else {
      process.stderr.write(`portcullis: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = EXIT.internal;
    }
  }
}

void main();
