// --help on every command the program declares, read in-process through commander: it exits 0 and names each of
// the command's options and arguments, and it fits the width it is given.
import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_NAMES } from '../../src/program.js';

interface HelpRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** Parses `args` as the CLI does, with help written to strings at `width` columns instead of the process's streams. */
async function help(args: string[], width = 100, only?: string): Promise<HelpRun> {
  const program = buildProgram(only);
  const out = { stdout: '', stderr: '' };
  const capture = (command: Command) =>
    command.exitOverride().configureOutput({
      writeOut: (text) => {
        out.stdout += text;
      },
      writeErr: (text) => {
        out.stderr += text;
      },
      getOutHelpWidth: () => width,
      getErrHelpWidth: () => width,
    });
  capture(program);
  for (const command of program.commands) capture(command);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { exitCode: undefined, ...out };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { exitCode: error.exitCode, ...out };
  }
}

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.trimEnd().length));
const commands = buildProgram().commands;

describe('the program for one named command', () => {
  it('knows every command by name, in the order help lists them', () => {
    expect(commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
  });

  it('declares only the command named first, and all of them for any other first word', () => {
    expect(buildProgram('quiz').commands.map((c) => c.name())).toEqual(['quiz']);
    for (const first of [undefined, '--help', 'help', 'quizz', '-v']) expect(buildProgram(first).commands.length).toBe(COMMAND_NAMES.length);
  });

  it.each(COMMAND_NAMES.map((name) => [name]))('%s: the same help and the same errors as the whole program', async (name) => {
    for (const args of [
      [name, '--help'],
      [name, '--no-such-option'],
      [name, '--user'],
    ]) {
      const whole = await help(args, 80);
      expect(whole.stdout + whole.stderr).not.toBe('');
      expect(await help(args, 80, name)).toEqual(whole);
    }
  });
});

describe('--help', () => {
  it('lists every command, and exits 0', async () => {
    const top = await help(['--help']);
    expect(top).toMatchObject({ exitCode: 0, stderr: '' });
    expect(commands.map((c) => c.name()).filter((name) => !new RegExp(`^ {2}${name}\\b`, 'm').test(top.stdout))).toEqual([]);
    expect(commands.length).toBeGreaterThan(0);
  });

  it.each(commands.map((c) => [c.name(), c] as const))('%s --help names its arguments and options, and exits 0', async (name, command) => {
    const result = await help([name, '--help']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^Usage: mle-prep ${name}\\b`));
    const named = [...command.options.map((o) => o.long ?? o.short!), ...command.registeredArguments.map((a) => a.name()), '--help'];
    expect(named.filter((flag) => !result.stdout.includes(flag))).toEqual([]);
    // Every option says what it does.
    expect(command.options.filter((o) => !o.description).map((o) => o.flags)).toEqual([]);
  });

  it("wraps to the terminal's width, with each example's description under it when they do not fit side by side", async () => {
    for (const args of [['--help'], ['quiz', '--help'], ['validate', '--help']]) {
      const narrow = await help(args, 60);
      expect(narrow.exitCode).toBe(0);
      expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    }
    expect((await help(['--help'], 60)).stdout).toContain('  $ mle-prep quiz --topic mlops\n      a timed 10-question MLOps quiz\n');
    expect((await help(['--help'], 100)).stdout).toMatch(/ {2}\$ mle-prep quiz --topic mlops {15}a timed 10-question MLOps quiz\n/);
  });

  it('goes to stderr as a usage error when no command is given (the CLI exits 2 for any non-zero commander code)', async () => {
    const none = await help([], 60);
    expect(none.exitCode).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: mle-prep');
    expect(none.stderr).toContain('  $ mle-prep quiz --topic mlops\n      a timed 10-question MLOps quiz\n');
  });

  it('names the option, the value and the choices when a value is not one of them, in one line', async () => {
    const bad = await help(['export', '--format', 'pdf']);
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr.split('\n')[0]).toBe('mle-prep: --format must be one of md, json, csv, html (got "pdf").');
    expect((await help(['ai', 'chek'])).stderr.split('\n')[0]).toBe('mle-prep: <action> must be one of check (got "chek").');
  });
});
