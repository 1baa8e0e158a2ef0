// `mle-prep validate` as a CI pipeline runs it: formats, exit codes, and a large bank.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_ANSWER, openQuestion, tinyBank, TINY_TOPICS } from '../helpers/bank.js';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { Terminal } from '../helpers/pty.js';
import { tempDir, writeTree } from '../helpers/temp.js';

function bankWithProblems(): string {
  return writeTree(tinyBank(), {
    'alpha/typo.md': openQuestion('alpha-typo').replace('difficulty: "beginner"', 'dificulty: "beginner"'),
    'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    tags: [t]\n    prompt: Why?\n    key_points: [Short, Too short]\n    answer: Too short.\n`,
  });
}

describe('mle-prep validate', () => {
  it('prints one success line naming the bank and exits 0 on a clean bank', () => {
    const bank = tinyBank();
    const result = runCli(['validate', bank]);
    expect(result).toEqual({ code: 0, stdout: `✔ ${bank}: 3 questions in 3 files are valid\n`, stderr: '' });
  });

  it('with no path checks the folder it runs in, never the bundled bank behind its back', () => {
    const bank = bankWithProblems();
    const here = runCli(['validate'], { cwd: bank });
    expect(here.code).toBe(1);
    expect(here.stdout).toMatch(/✖ the current folder: 2 errors, 1 warning in 2 of 5 files\n$/);
    const empty = runCli(['validate'], { cwd: tempDir() });
    expect(empty).toMatchObject({ code: 1, stdout: '' });
    expect(empty.stderr).toBe('mle-prep: no question files (.md, .yaml, .yml) found in the current folder; give the folder of your bank, or --bundled for the bundled one.\n');
  });

  it('checks the bundled bank when asked with --bundled', () => {
    const result = runCli(['validate', '--bundled'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ the bundled bank: \d+ questions in \d+ files are valid\n$/);
  });

  it('reports every problem with file, line and column, and exits 1 on errors', () => {
    const bank = bankWithProblems();
    const result = runCli(['validate', bank]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join(bank, 'alpha/short.yaml')}\n  8:13  warning  the model answer has 2 words; a useful one has at least 60  answer-short`);
    expect(result.stdout).toContain(`${join(bank, 'alpha/typo.md')}\n  2:1  error  missing required field "difficulty"`);
    expect(result.stdout).toMatch(/4:1 {2}error {2}unknown field "dificulty" \(did you mean "difficulty"\?\) {2}unknown-field/);
    expect(result.stdout).toMatch(/✖ .*: 2 errors, 1 warning in 2 of 5 files\n$/);
  });

  it('wraps long messages inside their column in a narrow terminal, and keeps one line per finding in a pipe', async () => {
    const bank = writeTree(tinyBank(), { 'alpha/bad.md': openQuestion('alpha-bad').replace('difficulty: "beginner"', 'difficulty: "hard"').replace('## Answer', '## Reply') });
    const term = new Terminal(['validate', bank], tempDir(), {}, 70);
    expect(await term.exitCode()).toBe(1);
    const lines = term.text.split('\n').map((l) => l.trimEnd());
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(70);
    const first = lines.findIndex((l) => l.includes('invalid-value'));
    expect(lines[first]).toMatch(/^ {2}\d+:\d+ +error +difficulty must be one of .* invalid-value$/);
    expect(lines[first + 1]).toMatch(/^ {15,}\S/);
    const piped = runCli(['validate', bank]);
    expect(piped.stdout).toMatch(/difficulty must be one of beginner, intermediate, advanced \(got "hard"\) +invalid-value\n/);
  }, 30_000);

  it('allows warnings (exit 0) unless --strict (exit 1)', () => {
    const bank = writeTree(tinyBank(), { 'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    prompt: Why?\n    key_points: [Names the trade-offs, Gives a PSI above 0.2]\n    answer: ${LONG_ANSWER.replace(/:/g, ' -')}\n` });
    const loose = runCli(['validate', bank]);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/⚠ .*: 0 errors, 1 warning in 1 of 4 files/);
    const strict = runCli(['validate', '--strict', bank]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/2:5 {2}error {2}the question has no tags/);
  });

  it('--quiet prints errors only, and nothing for a clean run', () => {
    const quiet = runCli(['validate', '--quiet', bankWithProblems()]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('answer-short');
    expect(quiet.stdout).toMatch(/✖ .*: 2 errors, 0 warnings in 1 of 5 files/);
    expect(runCli(['validate', '--quiet', tinyBank()])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--format json prints the documented array', () => {
    const bank = bankWithProblems();
    const result = runCli(['validate', '--format', 'json', bank]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      { file: join(bank, 'alpha/short.yaml'), line: 8, column: 13, severity: 'warning', rule: 'answer-short', message: 'the model answer has 2 words; a useful one has at least 60' },
      { file: join(bank, 'alpha/typo.md'), line: 2, column: 1, severity: 'error', rule: 'required-field', message: 'missing required field "difficulty"' },
      { file: join(bank, 'alpha/typo.md'), line: 4, column: 1, severity: 'error', rule: 'unknown-field', message: 'unknown field "dificulty" (did you mean "difficulty"?)' },
    ]);
    expect(runCli(['validate', '--format', 'json', '--quiet', tinyBank()]).stdout).toBe('[]\n');
  });

  it('uses GitHub annotations under GitHub Actions unless a format is given', () => {
    const bank = bankWithProblems();
    const auto = runCli(['validate', bank], { env: { GITHUB_ACTIONS: 'true' } });
    expect(auto.code).toBe(1);
    expect(auto.stdout.split('\n')[1]).toBe(`::error file=${join(bank, 'alpha/typo.md')},line=2,col=1,title=mle-prep required-field::missing required field "difficulty"`);
    const explicit = runCli(['validate', '--format', 'stylish', bank], { env: { GITHUB_ACTIONS: 'true' } });
    expect(explicit.stdout).not.toContain('::error');
  });

  it('exits 2 for a path that does not exist or a bad format', () => {
    expect(runCli(['validate', 'no/such/dir'])).toEqual({ code: 2, stdout: '', stderr: 'mle-prep: no such file or folder: no/such/dir\n' });
    const badFormat = runCli(['validate', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/^mle-prep: --format must be one of stylish, json, github \(got "xml"\)\.\n/);
  });

  it('skips files matched by --ignore and by .mle-prepignore', () => {
    const bank = bankWithProblems();
    expect(runCli(['validate', bank, '--ignore', 'alpha/typo.md', 'alpha/short.yaml']).code).toBe(0);
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/typo.md\n*.yaml\n');
    const result = runCli(['validate', bank]);
    expect(result).toMatchObject({ code: 0, stdout: `✔ ${bank}: 2 questions in 2 files are valid\n` });
  });

  it('checks 5,000 question files in one run within a 128 MB heap', () => {
    const bank = tempDir();
    writeFileSync(join(bank, 'topics.yaml'), TINY_TOPICS);
    for (let dir = 0; dir < 50; dir++) {
      mkdirSync(join(bank, `d${dir}`));
      for (let i = 0; i < 100; i++) {
        const id = `alpha-gen-${dir}-${i}`;
        const file = join(bank, `d${dir}`, i % 2 ? `${id}.md` : `${id}.yaml`);
        writeFileSync(file, i % 2 ? openQuestion(id) : `questions:\n  - id: ${id}\n    topic: beta\n    difficulty: advanced\n    tags: [gen]\n    prompt: Question ${i}?\n    key_points: [States the idea directly, Names the trade-offs, Gives a PSI above 0.2]\n    answer: |\n      ${LONG_ANSWER}\n`);
      }
    }
    const result = spawnSync(process.execPath, ['--max-old-space-size=128', BIN, 'validate', bank], { env: cliEnv(tempDir()), encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`✔ ${bank}: 5000 questions in 5000 files are valid\n`);
    expect(result.status).toBe(0);
  }, 120_000);
});

describe('mle-prep validate on files a stranger can send', () => {
  it('reports a pipe, a device and an oversized file instead of hanging or reading forever', () => {
    const bank = tinyBank();
    expect(spawnSync('mkfifo', [join(bank, 'alpha/pipe.md')]).status).toBe(0);
    symlinkSync('/dev/zero', join(bank, 'alpha/zero.md'));
    writeFileSync(join(bank, 'alpha/huge.md'), Buffer.alloc(2 * 1024 * 1024, 'a'));
    const result = runCli(['validate', bank, '--format', 'json']);
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout) as Array<{ file: string; rule: string; message: string }>;
    const byFile = Object.fromEntries(findings.map((f) => [f.file.slice(bank.length + 1), `${f.rule}: ${f.message}`]));
    expect(byFile).toEqual({
      'alpha/pipe.md': 'file-unreadable: not a regular file (a device, pipe or socket); skipped',
      // A link out of the bank is not followed at all.
      'alpha/zero.md': `symlink-outside: symbolic link leads outside ${bank} (to /dev/zero); not followed`,
      'alpha/huge.md': 'file-unreadable: 2.0 MB is too large for a question file (the limit is 1 MB); skipped',
    });
    // A device named on the command line is read no further than its type.
    const device = runCli(['validate', '/dev/zero', '--format', 'json']);
    expect(device.code).toBe(1);
    expect(JSON.parse(device.stdout)).toEqual([expect.objectContaining({ file: '/dev/zero', rule: 'file-unreadable', message: 'not a regular file (a device, pipe or socket); skipped' })]);
  });

  it('reports a topics.yaml alias bomb as a finding, for validate and for the quiz loader alike', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const bank = writeTree(tempDir(), { 'topics.yaml': `${levels.join('\n')}\ntopics: []\n` });
    const result = runCli(['validate', bank]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/1:1 {2}error {2}YAML: Excessive alias count.* {2}yaml-syntax/);
    expect(result.stderr).toBe('');
    const list = runCli(['list', '--no-bundled', '--bank', bank]);
    expect(list.stderr).not.toMatch(/unexpected error/);
  });

  it('exits 2 for a path through a file, as for any path that does not exist', () => {
    const result = runCli(['validate', join(tinyBank(), 'topics.yaml', 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^mle-prep: no such file or folder: .*topics\.yaml\/x/);
  });

  it('applies .mle-prepignore and --ignore to files named on the command line too', () => {
    const bank = bankWithProblems();
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/typo.md\n');
    const named = runCli(['validate', join(bank, 'alpha/typo.md'), join(bank, 'alpha/first.md'), '--strict']);
    expect(named).toMatchObject({ code: 0, stdout: `✔ ${join(bank, 'alpha/typo.md')}, ${join(bank, 'alpha/first.md')}: 1 question in 1 file is valid\n` });
    expect(named.stderr).toBe(`mle-prep: skipped 1 file named on the command line that .mle-prepignore or --ignore excludes: ${join(bank, 'alpha/typo.md')}\n`);
    const ignored = runCli(['validate', 'alpha/short.yaml', 'alpha/first.md', '--ignore', '*.yaml'], { cwd: bank });
    expect(ignored).toMatchObject({ code: 0, stdout: '✔ alpha/short.yaml, alpha/first.md: 1 question in 1 file is valid\n' });
    // Loading a bank is not linting it: a file given to --bank is read whatever the ignore file says.
    const shown = runCli(['show', 'alpha-first', '--no-bundled', '--bank', join(bank, 'alpha/first.md')]);
    expect(shown.code).toBe(0);
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/\n');
    expect(runCli(['show', 'alpha-first', '--no-bundled', '--bank', join(bank, 'alpha/first.md')]).code).toBe(0);
  });

  it('checks a folder reached through two links once: no false duplicate ids, one loop warning', () => {
    const bank = tinyBank();
    symlinkSync('alpha', join(bank, 'current'));
    symlinkSync('.', join(bank, 'alpha', 'self'));
    const result = runCli(['validate', bank, join(bank, 'alpha'), '--format', 'json']);
    const findings = JSON.parse(result.stdout) as Array<{ rule: string }>;
    expect(findings.map((f) => f.rule)).toEqual(['symlink-loop']);
    expect(result.code).toBe(0);
  });

  it('says "mapping" without the list-of-text hint when choices are plain strings', () => {
    const bank = writeTree(tinyBank(), {
      'beta/plain.yaml': `questions:\n  - id: beta-plain\n    topic: beta\n    difficulty: beginner\n    type: choice\n    tags: [t]\n    prompt: Which?\n    choices: [foo, bar]\n    answer: |\n      ${LONG_ANSWER}\n`,
    });
    const result = runCli(['validate', bank]);
    expect(result.stdout).toContain('choices[0] must be a mapping');
    expect(result.stdout).not.toContain('list of text items');
  });
});
