// The executable's entry: runs the program that src/program.ts declares, and is the one error boundary that sets
// exit codes.
import { CommanderError } from 'commander';
import { EXIT, isCliError } from './errors.js';
import { isTerminal, streamOf, writeAll } from './output.js';
import { buildProgram } from './program.js';

function printError(message: string) {
  const useColor = isTerminal(2) && !process.env.NO_COLOR;
  writeAll(2, useColor ? `\u001b[31mmle-prep: ${message}\u001b[39m\n` : `mle-prep: ${message}\n`);
}

/**
 * Help and commander's errors as every other output: straight to a file or pipe, so `--help` makes no stream. A
 * terminal's width and colours come from its stream, as commander would have them.
 */
const output = {
  writeOut: (text: string) => writeAll(1, text),
  writeErr: (text: string) => writeAll(2, text),
  getOutHelpWidth: () => (isTerminal(1) ? streamOf(1).columns : 80),
  getErrHelpWidth: () => (isTerminal(2) ? streamOf(2).columns : 80),
  getOutHasColors: () => isTerminal(1) && streamOf(1).hasColors(),
  getErrHasColors: () => isTerminal(2) && streamOf(2).hasColors(),
};

export async function main(argv: string[]): Promise<void> {
  // A reader that stops early (`mle-prep export --all | head`) is not an error (see writeAll).
  const program = buildProgram(argv[2]);
  for (const command of [program, ...program.commands]) command.exitOverride().configureOutput(output);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error it has already printed.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    } else if (isCliError(error)) {
      // Set first: a reader of stderr that is gone must not leave the run looking successful.
      process.exitCode = error.exitCode;
      printError(error.message);
    } else {
      process.exitCode = EXIT.failure;
      printError(`unexpected error: ${(error as Error)?.message ?? String(error)}`);
      if (/\bmle-prep\b/.test(process.env.DEBUG ?? '')) writeAll(2, `${(error as Error)?.stack ?? ''}\n`);
      else writeAll(2, 'Set DEBUG=mle-prep to see the details, and please report it.\n');
    }
  }
}

void main(process.argv);
