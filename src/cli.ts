// The executable's entry: runs the program that src/program.ts declares, and is the one error boundary that sets
// exit codes.
import { CommanderError } from 'commander';
import { EXIT, isCliError } from './errors.js';
import { buildProgram } from './program.js';

function printError(message: string) {
  const useColor = process.stderr.isTTY && !process.env.NO_COLOR;
  process.stderr.write(useColor ? `\u001b[31mmle-prep: ${message}\u001b[39m\n` : `mle-prep: ${message}\n`);
}

export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`mle-prep export --all | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const program = buildProgram();
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error it has already printed.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (isCliError(error)) {
      printError(error.message);
      process.exitCode = error.exitCode;
    } else {
      printError(`unexpected error: ${(error as Error)?.message ?? String(error)}`);
      if (/\bmle-prep\b/.test(process.env.DEBUG ?? '')) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
      else process.stderr.write('Set DEBUG=mle-prep to see the details, and please report it.\n');
      process.exitCode = EXIT.failure;
    }
  }
}

void main(process.argv);
