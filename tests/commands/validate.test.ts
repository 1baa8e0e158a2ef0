// validate called in-process: formats, exit codes, ignore rules, and files a stranger can send. What needs a real
// process (the folder it runs in, the heap limit, commander's usage errors, GitHub Actions) is in tests/e2e.
import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runList } from '../../src/commands/list.js';
import { runShow } from '../../src/commands/show.js';
import { runValidate, type ValidateOptions } from '../../src/commands/validate.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { findQuestionFiles } from '../../src/bank-files/walk.js';
import { LONG_ANSWER, openQuestion, tinyBank } from '../helpers/bank.js';
import { run } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const validate = (paths: string[], options: ValidateOptions = {}, io: { tty?: boolean; columns?: number; env?: NodeJS.ProcessEnv } = {}) =>
  run((term) => runValidate(paths, options, term), io);

function bankWithProblems(): string {
  return writeTree(tinyBank(), {
    'alpha/typo.md': openQuestion('alpha-typo').replace('difficulty: "beginner"', 'dificulty: "beginner"'),
    'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    tags: [t]\n    prompt: Why?\n    key_points: [Short, Too short]\n    answer: Too short.\n`,
  });
}

describe('validate', () => {
  it('prints one success line naming the bank and exits 0 on a clean bank', async () => {
    const bank = tinyBank();
    expect(await validate([bank])).toMatchObject({ code: 0, stdout: `✔ ${bank}: 3 questions in 3 files are valid\n`, stderr: '' });
  });

  it('checks the bundled bank when asked with --bundled, counting the files it holds', async () => {
    const files = findQuestionFiles([bundledBankDir()]).questionFiles.length;
    const result = await validate([], { bundled: true });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^✔ the bundled bank: \\d+ questions in ${files} files are valid\n$`));
  });

  it('reports every problem with file, line and column, and exits 1 on errors', async () => {
    const bank = bankWithProblems();
    const result = await validate([bank]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${join(bank, 'alpha/short.yaml')}\n  8:13  warning  the model answer has 2 words; a useful one has at least 60  answer-short`,
    );
    expect(result.stdout).toContain(`${join(bank, 'alpha/typo.md')}\n  2:1  error  missing required field "difficulty"`);
    expect(result.stdout).toMatch(/4:1 {2}error {2}unknown field "dificulty" \(did you mean "difficulty"\?\) {2}unknown-field/);
    expect(result.stdout).toMatch(/✖ .*: 2 errors, 1 warning in 2 of 5 files\n$/);
  });

  it('wraps long messages inside their column in a narrow terminal, and keeps one line per finding in a pipe', async () => {
    const bank = writeTree(tinyBank(), {
      'alpha/bad.md': openQuestion('alpha-bad').replace('difficulty: "beginner"', 'difficulty: "hard"').replace('## Answer', '## Reply'),
    });
    const term = await validate([bank], {}, { tty: true, columns: 70 });
    expect(term.code).toBe(1);
    const lines = term.stdout.split('\n').map((l) => l.trimEnd());
    expect(lines.filter((l) => l.length > 70)).toEqual([]);
    const first = lines.findIndex((l) => l.includes('invalid-value'));
    expect(lines[first]).toMatch(/^ {2}\d+:\d+ +error +difficulty must be one of .* invalid-value$/);
    expect(lines[first + 1]).toMatch(/^ {15,}\S/);
    const piped = await validate([bank]);
    expect(piped.stdout).toMatch(/difficulty must be one of beginner, intermediate, advanced \(got "hard"\) +invalid-value\n/);
  });

  it('allows warnings (exit 0) unless --strict (exit 1)', async () => {
    const bank = writeTree(tinyBank(), {
      'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    prompt: Why?\n    key_points: [Names the trade-offs, Gives a PSI above 0.2]\n    answer: ${LONG_ANSWER.replace(/:/g, ' -')}\n`,
    });
    const loose = await validate([bank]);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/⚠ .*: 0 errors, 1 warning in 1 of 4 files/);
    const strict = await validate([bank], { strict: true });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/2:5 {2}error {2}the question has no tags/);
  });

  it('--quiet prints errors only, and nothing for a clean run', async () => {
    const quiet = await validate([bankWithProblems()], { quiet: true });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('answer-short');
    expect(quiet.stdout).toMatch(/✖ .*: 2 errors, 0 warnings in 1 of 5 files/);
    expect(await validate([tinyBank()], { quiet: true })).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('--format json prints the documented array', async () => {
    const bank = bankWithProblems();
    const result = await validate([bank], { format: 'json' });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: join(bank, 'alpha/short.yaml'),
        line: 8,
        column: 13,
        severity: 'warning',
        rule: 'answer-short',
        message: 'the model answer has 2 words; a useful one has at least 60',
      },
      { file: join(bank, 'alpha/typo.md'), line: 2, column: 1, severity: 'error', rule: 'required-field', message: 'missing required field "difficulty"' },
      {
        file: join(bank, 'alpha/typo.md'),
        line: 4,
        column: 1,
        severity: 'error',
        rule: 'unknown-field',
        message: 'unknown field "dificulty" (did you mean "difficulty"?)',
      },
    ]);
    expect((await validate([tinyBank()], { format: 'json', quiet: true })).stdout).toBe('[]\n');
  });

  it('uses GitHub annotations when GITHUB_ACTIONS is set, unless a format is given', async () => {
    const bank = bankWithProblems();
    const env = { GITHUB_ACTIONS: 'true' };
    const auto = await validate([bank], {}, { env });
    expect(auto.code).toBe(1);
    expect(auto.stdout.split('\n')).toContain(
      `::error file=${join(bank, 'alpha/typo.md')},line=2,col=1,title=mle-prep required-field::missing required field "difficulty"`,
    );
    expect((await validate([bank], { format: 'stylish' }, { env })).stdout).not.toContain('::error');
  });

  it('exits 2 for a path that does not exist, or that goes through a file', async () => {
    expect(await validate(['no/such/dir'])).toMatchObject({ code: 2, stdout: '', stderr: 'mle-prep: no such file or folder: no/such/dir\n' });
    const throughFile = join(tinyBank(), 'topics.yaml', 'x');
    expect(await validate([throughFile])).toMatchObject({ code: 2, stderr: `mle-prep: no such file or folder: ${throughFile}\n` });
  });

  it('fails a run that finds no question files, rather than passing it', async () => {
    const empty = tempDir();
    expect(await validate([empty])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `mle-prep: no question files (.md, .yaml, .yml) found in ${empty}; give the folder of your bank, or --bundled for the bundled one.\n`,
    });
  });

  it('skips files matched by --ignore and by .mle-prepignore', async () => {
    const bank = bankWithProblems();
    expect((await validate([bank], { ignore: ['alpha/typo.md', 'alpha/short.yaml'] })).code).toBe(0);
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/typo.md\n*.yaml\n');
    expect(await validate([bank])).toMatchObject({ code: 0, stdout: `✔ ${bank}: 2 questions in 2 files are valid\n` });
  });

  it('applies .mle-prepignore to files named on the command line too, but not to a --bank file', async () => {
    const bank = bankWithProblems();
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/typo.md\n');
    const named = await validate([join(bank, 'alpha/typo.md'), join(bank, 'alpha/first.md')], { strict: true });
    expect(named).toEqual({
      code: 0,
      stdout: `✔ ${join(bank, 'alpha/typo.md')}, ${join(bank, 'alpha/first.md')}: 1 question in 1 file is valid\n`,
      stderr: `mle-prep: skipped 1 file named on the command line that .mle-prepignore or --ignore excludes: ${join(bank, 'alpha/typo.md')}\n`,
      term: expect.anything(),
    });
    // Loading a bank is not linting it: a file given to --bank is read whatever the ignore file says.
    const show = () => run((io) => runShow('alpha-first', { bundled: false, bank: [join(bank, 'alpha/first.md')] }, io));
    expect((await show()).code).toBe(0);
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/\n');
    expect((await show()).code).toBe(0);
  });
});

describe('validate on files a stranger can send', () => {
  it('reports a pipe, a device and an oversized file instead of hanging or reading forever', async () => {
    const bank = tinyBank();
    expect(spawnSync('mkfifo', [join(bank, 'alpha/pipe.md')]).status).toBe(0);
    symlinkSync('/dev/zero', join(bank, 'alpha/zero.md'));
    writeFileSync(join(bank, 'alpha/huge.md'), Buffer.alloc(2 * 1024 * 1024, 'a'));
    const result = await validate([bank], { format: 'json' });
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout) as Array<{ file: string; rule: string; message: string }>;
    expect(Object.fromEntries(findings.map((f) => [f.file.slice(bank.length + 1), `${f.rule}: ${f.message}`]))).toEqual({
      'alpha/pipe.md': 'file-unreadable: not a regular file (a device, pipe or socket); skipped',
      // A link out of the bank is not followed at all.
      'alpha/zero.md': `symlink-outside: symbolic link leads outside ${bank} (to /dev/zero); not followed`,
      'alpha/huge.md': 'file-unreadable: 2.0 MB is too large for a question file (the limit is 1 MB); skipped',
    });
    // A device named on the command line is read no further than its type.
    const device = await validate(['/dev/zero'], { format: 'json' });
    expect(device.code).toBe(1);
    expect(JSON.parse(device.stdout)).toEqual([
      expect.objectContaining({ file: '/dev/zero', rule: 'file-unreadable', message: 'not a regular file (a device, pipe or socket); skipped' }),
    ]);
  });

  it('reports a topics.yaml alias bomb as a finding, for validate and for the quiz loader alike', async () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const bank = writeTree(tempDir(), { 'topics.yaml': `${levels.join('\n')}\ntopics: []\n` });
    const result = await validate([bank]);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(result.stdout).toMatch(/1:1 {2}error {2}YAML: Excessive alias count.* {2}yaml-syntax/);
    // The loader reports it the same way: as findings, never an unexpected error.
    const list = await run((io) => runList({ bundled: false, bank: [bank] }, io));
    expect(list.code).toBe(0);
  });

  it('checks a folder reached through two links once: no false duplicate ids, one loop warning', async () => {
    const bank = tinyBank();
    symlinkSync('alpha', join(bank, 'current'));
    symlinkSync('.', join(bank, 'alpha', 'self'));
    const result = await validate([bank, join(bank, 'alpha')], { format: 'json' });
    expect((JSON.parse(result.stdout) as Array<{ rule: string }>).map((f) => f.rule)).toEqual(['symlink-loop']);
    expect(result.code).toBe(0);
  });

  it('says "mapping" without the list-of-text hint when choices are plain strings', async () => {
    const bank = writeTree(tinyBank(), {
      'beta/plain.yaml': `questions:\n  - id: beta-plain\n    topic: beta\n    difficulty: beginner\n    type: choice\n    tags: [t]\n    prompt: Which?\n    choices: [foo, bar]\n    answer: |\n      ${LONG_ANSWER}\n`,
    });
    const result = await validate([bank]);
    expect(result.stdout).toContain('choices[0] must be a mapping');
    expect(result.stdout).not.toContain('list of text items');
  });
});
