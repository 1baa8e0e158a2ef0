import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/bank/types.js';
import { formatGithub, formatJson, formatStylish } from '../../src/format/findings.js';
import { formatSessionSummary } from '../../src/format/session-summary.js';
import { formatStats } from '../../src/format/stats-text.js';
import { computeStats } from '../../src/stats/aggregate.js';

const findings: Finding[] = [
  { file: 'q/a.md', line: 4, column: 1, severity: 'error', rule: 'unknown-field', message: 'unknown field "dificulty" (did you mean "difficulty"?)' },
  { file: 'q/a.md', line: 12, column: 1, severity: 'warning', rule: 'answer-short', message: 'the model answer has 41 words; a useful one has at least 60' },
  { file: 'q/b,1.yaml', line: 3, column: 17, severity: 'error', rule: 'yaml-syntax', message: 'YAML: 100% broken\nsecond line: here' },
];
const summary = { findings, fileCount: 5, questionCount: 9, checked: 'q' };
const plain = new Chalk({ level: 0 });
/** The short second file, which fits at any width, and the count line: the same in every stylish layout. */
const secondFileAndCount = [
  '',
  'q/b,1.yaml',
  '  3:17  error  YAML: 100% broken second line: here  yaml-syntax',
  '',
  '✖ q: 2 errors, 1 warning in 2 of 5 files',
  '',
];

describe('validation reporters', () => {
  it('stylish: in a narrow terminal, long messages wrap inside their column and the rule names keep theirs', () => {
    expect(formatStylish(summary, plain, 64)).toBe(
      [
        '',
        'q/a.md',
        '  4:1   error    unknown field "dificulty" (did  unknown-field',
        '                 you mean "difficulty"?)',
        '  12:1  warning  the model answer has 41 words;  answer-short',
        '                 a useful one has at least 60',
        ...secondFileAndCount,
      ].join('\n'),
    );
    // A word longer than the column (a path) is broken across lines, never cut short.
    const path = '/home/someone/banks/mlops/behavioural-testing-copy-for-the-new-interview-loop.md';
    const long = formatStylish(
      { findings: [{ ...findings[0]!, rule: 'duplicate-id', message: `id "x" is already used at ${path}:2:5` }], fileCount: 1, questionCount: 1 },
      plain,
      64,
    );
    const lines = long.split('\n').filter((l) => l.startsWith('  '));
    expect(lines.length).toBeGreaterThan(2);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(64);
    const text = lines
      .map((l) =>
        l
          .replace('duplicate-id', '')
          .replace(/^ {2}4:1 {2}error {2}/, '')
          .trim(),
      )
      .join(' ');
    expect(text.replace(/ /g, '')).toBe(`id "x" is already used at ${path}:2:5`.replace(/ /g, ''));
    // Wide enough, or so narrow that a message column would be uselessly thin: one line per finding.
    expect(formatStylish(summary, plain, 200)).toBe(formatStylish(summary, plain));
    expect(formatStylish(summary, plain, 40)).toBe(formatStylish(summary, plain));
  });

  it('stylish: grouped by file, aligned, then a count line', () => {
    expect(formatStylish(summary, plain)).toBe(
      [
        '',
        'q/a.md',
        '  4:1   error    unknown field "dificulty" (did you mean "difficulty"?)       unknown-field',
        '  12:1  warning  the model answer has 41 words; a useful one has at least 60  answer-short',
        ...secondFileAndCount,
      ].join('\n'),
    );
  });

  it('stylish: one success line when clean', () => {
    expect(formatStylish({ findings: [], fileCount: 17, questionCount: 42 }, plain)).toBe('✔ 42 questions in 17 files are valid\n');
    // Which bank was checked is always said, so a run pointed at the wrong folder is visible.
    expect(formatStylish({ findings: [], fileCount: 17, questionCount: 42, checked: 'my-bank' }, plain)).toBe(
      '✔ my-bank: 42 questions in 17 files are valid\n',
    );
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
      'q: 2 errors, 1 warning in 2 of 5 files',
      '',
    ]);
  });
});

describe('session summary', () => {
  const base = { id: 's', user: 'u', mode: 'quiz' as const, startedAt: '2026-11-27T09:00:00.000Z', finishedAt: '2026-11-27T09:05:00.000Z', filters: {} };
  const result = { questionId: 'q', topic: 'mlops', difficulty: 'beginner' as const, type: 'open' as const, timeSeconds: 30, timedOut: false };
  const view = { color: plain, width: 80 };

  it('scores a session with graded answers', () => {
    const text = formatSessionSummary({ ...base, completed: true, score: 0.5, results: [{ ...result, score: 0.5, status: 'answered' }] }, view);
    expect(text).toContain('Score 50% · 1 of 1 answered · 0:30 used');
  });

  it('says "not graded" rather than 0% when the only answer was never self-graded', () => {
    const text = formatSessionSummary({ ...base, completed: false, score: 0, results: [{ ...result, score: 0, status: 'ungraded', answer: 'x' }] }, view);
    expect(text).toContain('Not graded · 0 answered · 1 not graded · 0:30 used');
    expect(text).not.toContain('0%');
    // No per-topic or per-difficulty tables with nothing in them.
    expect(text).not.toContain('difficulty');
  });

  const twoTopics = (scores: [number, number]) => ({
    ...base,
    completed: true,
    score: (scores[0] + scores[1]) / 2,
    results: [
      { ...result, score: scores[0], status: 'answered' as const },
      { ...result, topic: 'serving', score: scores[1], status: 'answered' as const },
    ],
  });

  it('names no weakest topic when every topic scored well', () => {
    expect(formatSessionSummary(twoTopics([1, 1]), view)).not.toContain('Weakest');
    expect(formatSessionSummary(twoTopics([1, 0.9]), view)).not.toContain('Weakest');
  });

  it('names the weakest topic with a command that keeps the --user the session was started with', () => {
    expect(formatSessionSummary(twoTopics([1, 0.25]), view)).toContain('Weakest topic: serving (25%). Try: mle-prep quiz --topic serving');
    const narrow = formatSessionSummary(twoTopics([1, 0.25]), { color: plain, width: 50, userFlag: 'pkgtest' });
    // The command is never split across lines.
    expect(narrow).toMatch(/\n {2}mle-prep quiz --topic serving --user pkgtest/);
  });
});

describe('stats text', () => {
  it('counts answered as session summaries do: timeouts apart, and "questions" for everything asked', () => {
    const r = (score: number, status: 'answered' | 'timed-out') => ({
      questionId: `q${score}`,
      topic: 'mlops',
      difficulty: 'beginner' as const,
      type: 'open' as const,
      score,
      timeSeconds: 10,
      timedOut: status === 'timed-out',
      status,
    });
    const session = {
      id: 's',
      user: 'u',
      mode: 'quiz' as const,
      startedAt: '2026-11-27T09:00:00.000Z',
      finishedAt: '2026-11-27T09:05:00.000Z',
      completed: true,
      filters: {},
      score: 0.5,
      results: [r(1, 'answered'), r(0, 'timed-out')],
    };
    const text = formatStats(computeStats([session], {}, new Date('2026-11-27T12:00:00Z')), { color: plain, user: 'u' });
    expect(text).toContain('Stats for u · 1 session · 1 of 2 questions answered');
    expect(text).toContain('timeouts 1 (50%)');
    expect(text).toMatch(/│ topic +│ questions │ score │/);
  });
});
