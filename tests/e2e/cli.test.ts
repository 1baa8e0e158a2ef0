// The built CLI, spawned as a user runs it, for what only a real process shows: exit codes and one-sentence errors
// from the error boundary, the version, the streams (a pipe, a file, a terminal) and their colour and escape
// sequences, and the bundled bank's cache built with the package. What each command does is tested in-process
// under tests/commands.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { BIN, cliEnv, REPO, runCli } from '../helpers/cli.js';
import { tinyBank } from '../helpers/bank.js';
import { Terminal } from '../helpers/pty.js';
import { exportFile, sessionWithEscapes } from '../helpers/sessions.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
const STACK_FRAME = /\n\s+at /;

/** Runs `command` in a shell inside a pseudo-terminal; resolves with its exit code and everything the terminal showed. */
function inTerminal(command: string, home: string, cols = 80): Promise<{ code: number; screen: string }> {
  const shell = spawn('/bin/sh', ['-c', command], { cols, rows: 40, cwd: REPO, env: cliEnv(home, { TERM: 'xterm-256color' }) as Record<string, string> });
  let screen = '';
  shell.onData((data) => (screen += data));
  return new Promise((resolve) => shell.onExit(({ exitCode }) => resolve({ code: exitCode, screen: screen.replace(/\r/g, '') })));
}

describe('mle-prep (built CLI)', () => {
  it('prints its version, and its help on stdout with exit 0', () => {
    // `--version` and `-v` alone take a short way that loads nothing; with anything else commander prints it.
    for (const args of [['--version'], ['-v'], ['--version', '--version'], ['-v', '--help']]) {
      expect({ args, ...runCli(args) }).toEqual({ args, code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
    const help = runCli(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: mle-prep /);
  });

  it('exits 2 with one line for an unknown command, an unknown option or a bad value', () => {
    const unknown = runCli(['quizz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toMatch(/^mle-prep: unknown command 'quizz'/);
    const badOption = runCli(['list', '--nope']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr.split('\n')[0]).toBe("mle-prep: unknown option '--nope'");
    expect(badOption.stderr).not.toMatch(STACK_FRAME);
    const badValue = runCli(['history', '--limit', '0']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr.split('\n')[0]).toBe('mle-prep: --limit must be a whole number, 1 or more.');
  });

  it('names the option and the value when a value is not one of its choices', () => {
    expect(runCli(['quiz', '--type', 'mcq'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mle-prep: --type must be one of open, choice (got "mcq").\n(run with --help for usage)\n',
    });
  });

  it("turns a command's errors into one sentence on stderr: exit 2 for a usage error, 1 for a failure, never a stack trace", () => {
    expect(runCli(['history', '--user', '../etc'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mle-prep: --user "../etc" is not a valid profile name: use letters, digits, ".", "_" or "-" (at most 64).\n',
    });
    expect(runCli(['show', 'beta-choice-on', '--no-bundled', '--bank', tinyBank()])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'mle-prep: no question with id "beta-choice-on" (did you mean "beta-choice-one"?); `mle-prep list --ids` lists them.\n',
    });
  });

  it('refuses a quiz without a terminal, at once, with exit 2', () => {
    expect(runCli(['quiz', '--topic', 'mlops'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mle-prep: the quiz needs an interactive terminal, but stdin is not a TTY; run it directly in a terminal.\n',
    });
  });

  it('refuses a quiz whose output goes to a file, in one sentence on the terminal, and writes nothing to the file', async () => {
    const home = tempDir();
    const out = join(home, 'out.txt');
    const { code, screen } = await inTerminal(`"${process.execPath}" "${BIN}" quiz > "${out}"`, home);
    expect(code).toBe(2);
    expect(screen).toBe(
      'mle-prep: the quiz needs an interactive terminal, but its output goes to a file or pipe; run it directly in a terminal (`mle-prep export` writes reports).\n',
    );
    expect(readFileSync(out, 'utf8')).toBe('');
  });

  it('prints the help on stderr, at the width of the terminal, and exits 2 when no command is given and stdout is a pipe', async () => {
    const { code, screen } = await inTerminal(`"${process.execPath}" "${BIN}" >/dev/null`, tempDir(), 60);
    expect(code).toBe(2);
    expect(screen).toContain('Usage: mle-prep');
    expect(screen).toContain('  $ mle-prep quiz --topic mlops\n      a timed 10-question MLOps quiz\n');
  });

  it('keeps data on stdout and warnings on stderr', () => {
    const bank = writeTree(tinyBank(), { 'alpha/broken.md': '---\nid: Broken\n---\nP\n' });
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 3 });
    expect(result.stderr).toMatch(/^mle-prep: \d+ problems? in 1 question file; 1 question skipped\. Run `mle-prep validate .*` for details\.\n$/);
  });
});

describe('colour', () => {
  it('is off when output is not a terminal, even without NO_COLOR', () => {
    const result = runCli(['validate', join(REPO, 'tests/fixtures/invalid/unknown-field.md')], { env: { NO_COLOR: '' } });
    expect(result.stdout).toContain('unknown-field');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('is on in a terminal, and off there too when NO_COLOR is set', async () => {
    const colored = new Terminal(['list'], tempDir(), { NO_COLOR: '' });
    expect(await colored.exitCode()).toBe(0);
    expect(colored.raw).toMatch(/\u001b\[\d+m/);
    const plain = new Terminal(['list'], tempDir(), { NO_COLOR: '1' });
    expect(await plain.exitCode()).toBe(0);
    expect(plain.raw).not.toMatch(/\u001b\[\d+m/);
  });
});

describe('output to a pipe', () => {
  it('carries no escape sequence from any field of an imported session (history | cat, stats | head, export | less)', () => {
    const home = tempDir();
    const dir = tempDir();
    const session = sessionWithEscapes();
    writeFileSync(join(dir, 's.json'), exportFile([session]));
    expect(runCli(['import', join(dir, 's.json')], { configHome: home }).code).toBe(0);
    const outputs = [['history'], ['stats'], ['export', '--format', 'md']].map((args) => runCli(args, { configHome: home }));
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0]);
    expect(outputs.filter((o) => o.stdout.includes('pwned') || /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(o.stdout)).map((o) => o.stdout)).toEqual([]);
  });
});

describe('the bank cache', () => {
  it('writes nothing for the bundled bank in the clone it was built in: its cache and a stamp of its files come with the build', () => {
    const home = tempDir();
    const listed = runCli(['list', '--json'], { configHome: home });
    expect(listed.code).toBe(0);
    const { topics } = JSON.parse(listed.stdout) as { topics: Array<{ id: string; total: number }> };
    expect(topics.filter((t) => t.total === 0).map((t) => t.id)).toEqual([]);
    const id = (
      JSON.parse(runCli(['list', '--ids', '--json', '--topic', topics[0]!.id], { configHome: home }).stdout) as Array<{ id: string; type: string }>
    ).find((q) => q.type === 'open')!.id;
    expect(runCli(['show', id], { configHome: home }).stdout).toContain('Model answer');
    // Only the folder of compiled code (tested in compile-cache.test.ts): the build's stamp of the files' stats let
    // the first run compare them instead of hashing the files, so no stamp of the user's was needed. (A question
    // file touched since the last `npm run build` makes this fail: build again.)
    expect(readdirSync(join(home, '.cache', 'mle-prep'))).toEqual(['code']);
  });
});
