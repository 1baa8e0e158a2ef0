import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/bank/types.js';
import { formatGithub, formatJson, formatStylish } from '../../src/reporters/findings.js';

const findings: Finding[] = [
  { file: 'q/a.md', line: 4, column: 1, severity: 'error', rule: 'unknown-field', message: 'unknown field "dificulty" (did you mean "difficulty"?)' },
  { file: 'q/a.md', line: 12, column: 1, severity: 'warning', rule: 'answer-short', message: 'the model answer has 41 words; a useful one has at least 60' },
  { file: 'q/b,1.yaml', line: 3, column: 17, severity: 'error', rule: 'yaml-syntax', message: 'YAML: 100% broken\nsecond line: here' },
];
const summary = { findings, fileCount: 5, questionCount: 9 };
const plain = new Chalk({ level: 0 });

describe('validation reporters', () => {
  it('stylish: grouped by file, aligned, then a count line', () => {
    expect(formatStylish(summary, plain)).toBe(
      [
        '',
        'q/a.md',
        '  4:1   error    unknown field "dificulty" (did you mean "difficulty"?)       unknown-field',
        '  12:1  warning  the model answer has 41 words; a useful one has at least 60  answer-short',
        '',
        'q/b,1.yaml',
        '  3:17  error  YAML: 100% broken second line: here  yaml-syntax',
        '',
        '✖ 2 errors, 1 warning in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('stylish: one success line when clean', () => {
    expect(formatStylish({ findings: [], fileCount: 17, questionCount: 42 }, plain)).toBe('✔ 42 questions in 17 files are valid\n');
  });

  it('json: a stable array of plain records', () => {
    expect(JSON.parse(formatJson(summary))).toEqual(findings);
    expect(Object.keys(JSON.parse(formatJson(summary))[0])).toEqual(['file', 'line', 'column', 'severity', 'rule', 'message']);
  });

  it('github: workflow commands escaped as the Actions toolkit does', () => {
    expect(formatGithub(summary).split('\n')).toEqual([
      '::error file=q/a.md,line=4,col=1,title=mle-prep unknown-field::unknown field "dificulty" (did you mean "difficulty"?)',
      '::warning file=q/a.md,line=12,col=1,title=mle-prep answer-short::the model answer has 41 words; a useful one has at least 60',
      '::error file=q/b%2C1.yaml,line=3,col=17,title=mle-prep yaml-syntax::YAML: 100%25 broken%0Asecond line: here',
      '2 errors, 1 warning in 2 files',
      '',
    ]);
  });
});
