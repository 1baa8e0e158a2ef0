// Runs a command function in-process the way src/cli.ts runs it: an error meant for the user becomes one
// "mle-prep: ..." line on stderr and its exit code; anything else is a bug and fails the test as thrown.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCliError } from '../../src/errors.js';
import type { CommandIO } from '../../src/io.js';
import { openProfile } from '../../src/services/profile.js';
import type { SessionRecord } from '../../src/session/types.js';
import { TestTerminal, type TestIOOptions } from './command-io.js';
import { exportFile } from './sessions.js';
import { tempDir } from './temp.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Calls `command` with a new TestTerminal (a pipe unless `tty` is set) and returns what it printed and its exit code. */
export async function run(command: (io: CommandIO) => Promise<number>, options: TestIOOptions = {}): Promise<CommandResult & { term: TestTerminal }> {
  const term = new TestTerminal({ tty: false, ...options });
  const code = await exitCodeOf(command, term);
  return { code, stdout: term.stdout, stderr: term.stderr, term };
}

/** The exit code of `command` run on `term`, with a CliError printed as src/cli.ts prints it. */
export async function exitCodeOf(command: (io: CommandIO) => Promise<number>, term: TestTerminal): Promise<number> {
  try {
    return await command(term.io);
  } catch (error) {
    if (!isCliError(error)) throw error;
    term.io.stderr.write(`mle-prep: ${error.message}\n`);
    return error.exitCode;
  }
}

/** Adds `sessions` to `user`'s profile in `storeDir`, as `mle-prep import` does. */
export async function seedSessions(storeDir: string, sessions: SessionRecord[], user = 'tester'): Promise<void> {
  const term = new TestTerminal({ tty: false, storeDir });
  await openProfile(user, term.io).importSessions(sessions.map((s) => ({ ...s, user })));
}

/** A JSON export of `sessions` in a new temporary folder, for `import` (returns its path). */
export function exportFileOf(sessions: SessionRecord[], name = 'sessions.json'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, exportFile(sessions));
  return path;
}

/** A new store folder (the CLI's `<config home>/mle-prep`). */
export function storeDir(): string {
  return join(tempDir('mle-prep-home-'), 'mle-prep');
}
