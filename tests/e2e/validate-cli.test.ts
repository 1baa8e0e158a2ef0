// `mle-prep validate` as a CI pipeline runs it: formats, exit codes, and a large bank.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LONG_ANSWER, openQuestion, tinyBank, TINY_TOPICS } from '../helpers/bank.js';
import { BIN, cliEnv, runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/temp.js';

function bankWithProblems(): string {
  return writeTree(tinyBank(), {
    'alpha/typo.md': openQuestion('alpha-typo').replace('difficulty: "beginner"', 'dificulty: "beginner"'),
    'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    tags: [t]\n    prompt: Why?\n    key_points: [a, b]\n    answer: Too short.\n`,
  });
}

describe('mle-prep validate', () => {
  it('prints one success line and exits 0 on a clean bank', () => {
    const result = runCli(['validate', tinyBank()]);
    expect(result).toEqual({ code: 0, stdout: '✔ 3 questions in 3 files are valid\n', stderr: '' });
  });

  it('validates the bundled bank by default (no ./questions here), cleanly', () => {
    const result = runCli(['validate'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ \d+ questions in \d+ files are valid\n$/);
  });

  it('reports every problem with file, line and column, and exits 1 on errors', () => {
    const bank = bankWithProblems();
    const result = runCli(['validate', bank]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join(bank, 'alpha/short.yaml')}\n  8:13  warning  the model answer has 2 words; a useful one has at least 60  answer-short`);
    expect(result.stdout).toContain(`${join(bank, 'alpha/typo.md')}\n  2:1  error  missing required field "difficulty"`);
    expect(result.stdout).toMatch(/4:1 {2}error {2}unknown field "dificulty" \(did you mean "difficulty"\?\) {2}unknown-field/);
    expect(result.stdout).toMatch(/✖ 2 errors, 1 warning in 2 files\n$/);
  });

  it('allows warnings (exit 0) unless --strict (exit 1)', () => {
    const bank = writeTree(tinyBank(), { 'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    prompt: Why?\n    key_points: [a, b]\n    answer: ${LONG_ANSWER.replace(/:/g, ' -')}\n` });
    const loose = runCli(['validate', bank]);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/⚠ 0 errors, 1 warning in 1 file/);
    const strict = runCli(['validate', '--strict', bank]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/2:5 {2}error {2}the question has no tags/);
  });

  it('--quiet prints errors only, and nothing for a clean run', () => {
    const quiet = runCli(['validate', '--quiet', bankWithProblems()]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('answer-short');
    expect(quiet.stdout).toMatch(/✖ 2 errors, 0 warnings in 1 file/);
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
    expect(badFormat.stderr).toMatch(/Allowed choices are stylish, json, github/);
  });

  it('skips files matched by --ignore and by .mle-prepignore', () => {
    const bank = bankWithProblems();
    expect(runCli(['validate', bank, '--ignore', 'alpha/typo.md', 'alpha/short.yaml']).code).toBe(0);
    writeFileSync(join(bank, '.mle-prepignore'), 'alpha/typo.md\n*.yaml\n');
    const result = runCli(['validate', bank]);
    expect(result).toMatchObject({ code: 0, stdout: '✔ 2 questions in 2 files are valid\n' });
  });

  it('checks 5,000 question files in one run within a 128 MB heap', () => {
    const bank = tempDir();
    writeFileSync(join(bank, 'topics.yaml'), TINY_TOPICS);
    for (let dir = 0; dir < 50; dir++) {
      mkdirSync(join(bank, `d${dir}`));
      for (let i = 0; i < 100; i++) {
        const id = `alpha-gen-${dir}-${i}`;
        const file = join(bank, `d${dir}`, i % 2 ? `${id}.md` : `${id}.yaml`);
        writeFileSync(file, i % 2 ? openQuestion(id) : `questions:\n  - id: ${id}\n    topic: beta\n    difficulty: advanced\n    tags: [gen]\n    prompt: Question ${i}?\n    key_points: [one, two, three]\n    answer: |\n      ${LONG_ANSWER}\n`);
      }
    }
    const result = spawnSync(process.execPath, ['--max-old-space-size=128', BIN, 'validate', bank], { env: cliEnv(tempDir()), encoding: 'utf8', timeout: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('✔ 5000 questions in 5000 files are valid\n');
    expect(result.status).toBe(0);
  }, 120_000);
});
