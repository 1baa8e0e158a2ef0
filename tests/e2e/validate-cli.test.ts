// `mle-prep validate` as a CI pipeline runs it, for what only a real process shows: the folder it runs in, GitHub
// Actions annotations and commander's usage errors (a large bank within a small heap is validate-large.test.ts). The formats, findings and
// ignore rules are tested in-process in tests/commands/validate.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openQuestion, tinyBank } from '../helpers/bank.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeTree } from '../helpers/temp.js';

function bankWithProblems(): string {
  return writeTree(tinyBank(), {
    'alpha/typo.md': openQuestion('alpha-typo').replace('difficulty: "beginner"', 'dificulty: "beginner"'),
    'alpha/short.yaml': `questions:\n  - id: alpha-short\n    topic: alpha\n    difficulty: beginner\n    tags: [t]\n    prompt: Why?\n    key_points: [Short, Too short]\n    answer: Too short.\n`,
  });
}

describe('mle-prep validate', () => {
  it('with no path checks the folder it runs in, never the bundled bank behind its back', () => {
    const here = runCli(['validate'], { cwd: bankWithProblems() });
    expect(here.code).toBe(1);
    expect(here.stdout).toMatch(/✖ the current folder: 2 errors, 1 warning in 2 of 5 files\n$/);
    expect(runCli(['validate'], { cwd: tempDir() })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'mle-prep: no question files (.md, .yaml, .yml) found in the current folder; give the folder of your bank, or --bundled for the bundled one.\n',
    });
  });

  it('matches --ignore patterns from the folder it runs in, for files named on the command line too', () => {
    const bank = bankWithProblems();
    const ignored = runCli(['validate', 'alpha/short.yaml', 'alpha/first.md', '--ignore', '*.yaml'], { cwd: bank });
    expect(ignored).toEqual({
      code: 0,
      stdout: '✔ alpha/short.yaml, alpha/first.md: 1 question in 1 file is valid\n',
      stderr: 'mle-prep: skipped 1 file named on the command line that .mle-prepignore or --ignore excludes: alpha/short.yaml\n',
    });
  });

  it('uses GitHub annotations under GitHub Actions', () => {
    const bank = bankWithProblems();
    const auto = runCli(['validate', bank], { env: { GITHUB_ACTIONS: 'true' } });
    expect(auto.code).toBe(1);
    expect(auto.stdout.split('\n')[1]).toBe(
      `::error file=${join(bank, 'alpha/typo.md')},line=2,col=1,title=mle-prep required-field::missing required field "difficulty"`,
    );
  });

  it('exits 2 for a bad format', () => {
    const badFormat = runCli(['validate', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/^mle-prep: --format must be one of stylish, json, github \(got "xml"\)\.\n/);
  });
});
