// The built CLI, spawned as a user runs it (stdin not a TTY, no colour).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';
import { tinyBank } from '../helpers/bank.js';
import { Terminal } from '../helpers/pty.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

describe('mle-prep (built CLI)', () => {
  it('prints its version', () => {
    expect(runCli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('has --help on every command', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['quiz', 'list', 'show', 'history', 'validate']) {
      expect(top.stdout).toContain(command);
      const help = runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: mle-prep ${command}`);
    }
  });

  it('exits 2 with one line for an unknown command or option', () => {
    const unknown = runCli(['quizz']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'quizz'/);
    const badOption = runCli(['list', '--nope']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toMatch(/unknown option '--nope'/);
    expect(badOption.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a quiz without a terminal, at once, with exit 2', () => {
    const result = runCli(['quiz', '--topic', 'mlops']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('mle-prep: the quiz needs an interactive terminal, but stdin is not a TTY; run it directly in a terminal.\n');
  });

  it('lists topics with counts by difficulty', () => {
    const bank = tinyBank();
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      total: 3,
      topics: [
        { id: 'alpha', title: 'Alpha', description: 'The first test topic.', total: 2, beginner: 1, intermediate: 0, advanced: 1, open: 2, choice: 0 },
        { id: 'beta', title: 'Beta', description: 'The second test topic.', total: 1, beginner: 0, intermediate: 1, advanced: 0, open: 0, choice: 1 },
      ],
    });
    const text = runCli(['list', '--no-bundled', '--bank', bank]);
    expect(text.stdout).toMatch(/alpha\s+│\s+Alpha\s+│\s+1\s+│\s+0\s+│\s+1\s+│\s+2/);
  });

  it('adds a user bank to the bundled one', () => {
    const bundled = JSON.parse(runCli(['list', '--json']).stdout) as { total: number };
    const both = JSON.parse(runCli(['list', '--json', '--bank', tinyBank()]).stdout) as { total: number };
    expect(both.total).toBe(bundled.total + 3);
  });

  it('warns about, and skips, broken questions in a user bank', () => {
    const bank = tinyBank();
    writeTree(bank, { 'alpha/broken.md': '---\nid: Broken\n---\nP\n' });
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(3);
    expect(result.stderr).toMatch(/1 question skipped\. Run `mle-prep validate .*` for details\./);
  });

  it('shows one question with its model answer, and suggests an id on a typo', () => {
    const bank = tinyBank();
    const shown = runCli(['show', 'beta-choice-one', '--no-bundled', '--bank', bank]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('beta-choice-one');
    expect(shown.stdout).toContain('✔ B. The right one');
    expect(shown.stdout).toContain('Explanation');
    const typo = runCli(['show', 'beta-choice-on', '--no-bundled', '--bank', bank]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toBe('mle-prep: no question with id "beta-choice-on" (did you mean "beta-choice-one"?); `mle-prep list --ids` lists them.\n');
  });

  it('starts with an empty history', () => {
    const result = runCli(['history', '--json']);
    expect(result).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('rejects a profile name that is not file-name safe', () => {
    const result = runCli(['history', '--user', '../etc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--user "..\/etc" is not a valid profile name/);
  });

  it('says so when --no-bundled has no bank to use', () => {
    const result = runCli(['list', '--no-bundled']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--no-bundled needs at least one --bank/);
  });

  it('keeps a corrupt store aside and goes on with an empty one', () => {
    const home = tempDir();
    writeTree(home, { 'mle-prep/profile-tester.json': '{"schemaVersion": 2, "sessions": [' });
    const result = runCli(['history', '--json'], { configHome: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[]\n');
    expect(result.stderr).toMatch(/profile-tester\.json was not valid JSON; it was kept as .*profile-tester\.json\.corrupt-.* and a new store was started\./);
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

describe('the bank cache', () => {
  it('is written on first use, reused, and invalidated by an edit', () => {
    const bank = tinyBank();
    const home = tempDir();
    const list = () => JSON.parse(runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home }).stdout).topics[0];
    expect(list()).toMatchObject({ id: 'alpha', beginner: 1, advanced: 1 });
    const cacheDir = join(home, '.cache', 'mle-prep');
    const [file] = readdirSync(cacheDir);
    expect(file).toMatch(/^bank-[0-9a-f]{8}\.json$/);
    const cachedAt = statSync(join(cacheDir, file!)).mtimeMs;
    expect(list()).toMatchObject({ beginner: 1 });
    expect(statSync(join(cacheDir, file!)).mtimeMs).toBe(cachedAt);

    const question = join(bank, 'alpha', 'first.md');
    writeFileSync(question, readFileSync(question, 'utf8').replace('difficulty: "beginner"', 'difficulty: "advanced"'));
    expect(list()).toMatchObject({ beginner: 0, advanced: 2 });
  });

  it('is ignored when damaged', () => {
    const bank = tinyBank();
    const home = tempDir();
    runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home });
    const cacheDir = join(home, '.cache', 'mle-prep');
    for (const f of readdirSync(cacheDir)) writeFileSync(join(cacheDir, f), '{"signature": "x", "bank": ');
    const result = runCli(['list', '--json', '--no-bundled', '--bank', bank], { configHome: home });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).total).toBe(3);
  });
});
