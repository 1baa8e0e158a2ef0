// Runnable exercises in question files: parsed into the Question, checked without running anything, and run only
// when asked (validate --run-solutions).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import type { Question } from '../../src/bank/types.js';
import { checkSolutions } from '../../src/code/check-solutions.js';
import type { RunReport, RunRequest } from '../../src/code/runner.js';
import { runValidate } from '../../src/commands/validate.js';
import type { CommandIO } from '../../src/io.js';
import { TestTerminal } from '../helpers/command-io.js';
import { pythonRequired, pythonWithNumpy } from '../helpers/python.js';
import { LONG_ANSWER, TINY_TOPICS } from '../helpers/bank.js';
import { tempDir, writeTree } from '../helpers/temp.js';
import { question } from '../helpers/questions.js';

function exerciseFile(frontMatter: string, solution = 'def double(x):\n    return 2 * x\n', language = 'python'): string {
  return `---
id: ex-double
topic: alpha
difficulty: beginner
tags: [test]
key_points: [Doubles, Returns a number, Handles zero]
${frontMatter.trim()}
---
Write double(x).

## Answer
${LONG_ANSWER}

\`\`\`${language}
${solution}\`\`\`
`;
}

const PYTHON_TESTS = `language: python
stub: |
  def double(x):
      raise NotImplementedError
tests:
  cases:
    - name: small
      call: double(2)
      expect: "4"
    - name: zero
      call: double(0)
      expect: "0"
      hidden: true
      tolerance: 0.5`;

function check(files: Record<string, string>) {
  const dir = writeTree(tempDir(), { 'topics.yaml': TINY_TOPICS, ...files });
  return checkBank([dir], { bundledTopics: false });
}

// In line order, as validate prints them.
const rules = (files: Record<string, string>) =>
  check(files)
    .findings.map((f) => [f.rule, f.line, f.severity] as const)
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));

describe('runnable exercises in the question format', () => {
  it('parses language, stub and tests into the question, with defaults and case lines', () => {
    const bank = check({ 'ex.md': exerciseFile(PYTHON_TESTS) });
    expect(bank.findings).toEqual([]);
    expect(bank.questions[0]!.code).toEqual({
      language: 'python',
      stub: 'def double(x):\n    raise NotImplementedError\n',
      cases: [
        { name: 'small', call: 'double(2)', expect: '4', hidden: false, line: 13 },
        { name: 'zero', call: 'double(0)', expect: '0', hidden: true, tolerance: 0.5, line: 16 },
      ],
      tolerance: 1e-6,
      ordered: true,
      line: 11,
    });
  });

  it('parses SQL exercises with fixtures and expected rows', () => {
    const sql = `language: sql
stub: "SELECT 1;"
tests:
  fixtures: "CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);"
  ordered: false
  time_limit: 2
  cases:
    - name: rows
      expect: [[1, "x", null]]
    - name: other tables
      fixtures: "CREATE TABLE t (a INTEGER);"
      expect: []
      hidden: true`;
    const bank = check({ 'ex.md': exerciseFile(sql, 'SELECT a FROM t;\n', 'sql') });
    expect(bank.findings).toEqual([]);
    expect(bank.questions[0]!.code).toMatchObject({
      language: 'sql',
      ordered: false,
      timeLimit: 2,
      fixtures: expect.stringContaining('CREATE TABLE'),
      cases: [{ expect: [[1, 'x', null]] }, { fixtures: 'CREATE TABLE t (a INTEGER);', hidden: true }],
    });
  });

  it('reports each structural problem with its rule and line, without running anything', () => {
    expect(rules({ 'ex.md': exerciseFile('language: python\nstub: "def f(): pass"') })).toEqual([['code-incomplete', 7, 'error']]);
    expect(rules({ 'ex.md': exerciseFile(`type: choice\nchoices: [{text: a, correct: true}, {text: b}]\n${PYTHON_TESTS}`) })).toEqual(
      expect.arrayContaining([['code-on-choice', 9, 'error']]),
    );
    const broken = `language: python
stub: ""
tests:
  fixtures: "CREATE TABLE t (a INTEGER);"
  cases:
    - name: no call
      expect: "1"
    - name: no call
      call: f()
      expect: [1]
    - name: both
      doctest: ">>> f()"
      call: f()`;
    expect(rules({ 'ex.md': exerciseFile(broken) })).toEqual([
      ['field-empty', 8, 'error'],
      ['code-field', 10, 'error'],
      ['code-no-hidden', 11, 'warning'],
      ['code-case', 12, 'error'],
      ['code-case', 14, 'error'],
      ['code-case', 16, 'error'],
      ['code-case', 18, 'error'],
    ]);
    const sqlBroken = `language: sql
stub: "SELECT 1;"
tests:
  setup: "import os"
  cases:
    - name: a
      call: f()
      expect: "rows"
      hidden: true`;
    expect(rules({ 'ex.md': exerciseFile(sqlBroken, 'SELECT 1;\n', 'sql') }).map((r) => r[0])).toEqual(['code-field', 'code-case', 'code-case', 'code-case']);
    expect(rules({ 'ex.md': exerciseFile(`${PYTHON_TESTS}\n  file: "def test_a():\\n    pass\\n"`) })).toEqual([['code-no-tests', 21, 'error']]);
    expect(rules({ 'ex.md': exerciseFile('language: python\nstub: "x"\ntests: {}') })).toEqual([['code-no-tests', 9, 'error']]);
    expect(rules({ 'ex.md': exerciseFile(PYTHON_TESTS, 'no code here\n', 'text') })).toEqual([['code-no-solution', 24, 'warning']]);
  });
});

function captureIO(): CommandIO & { out: string[] } {
  const out: string[] = [];
  const { io } = new TestTerminal({ tty: false, env: { ...process.env, MLE_PREP_PYTHON: pythonWithNumpy() ?? 'python3' } });
  const output = { ...io.stdout, write: (text: string) => void out.push(text) };
  return { ...io, out, stdout: output, stderr: output };
}

describe.skipIf(!pythonWithNumpy() && !pythonRequired)('validate --run-solutions', () => {
  it('runs nothing by default, and with the flag reports a failing reference solution and a passing stub', async () => {
    const marker = join(tempDir(), 'ran');
    const sneaky = `import pathlib\npathlib.Path(${JSON.stringify(marker)}).write_text("x")\n\ndef double(x):\n    return 3 * x\n`;
    const dir = writeTree(tempDir(), {
      'topics.yaml': TINY_TOPICS,
      'ex.md': exerciseFile(PYTHON_TESTS.replace('raise NotImplementedError', 'return 2 * x'), sneaky),
    });
    const io = captureIO();
    expect(await runValidate([dir], {}, io)).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(await runValidate([dir], { runSolutions: true, format: 'json' }, io)).toBe(1);
    expect(existsSync(marker)).toBe(true);
    // Only what running the code found (the fixture's key points are not what this test is about).
    const findings = (JSON.parse(io.out.at(-1)!) as Array<{ rule: string; line: number; message: string }>)
      .filter((f) => f.rule.startsWith('code-'))
      .sort((a, b) => a.line - b.line);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['code-stub-passes', 11],
      ['code-reference-fails', 13],
    ]);
    expect(findings[1]!.message).toBe('ex-double: the reference solution fails test "small": result is 6, expected 4; expected 4; got 6');
  });
});

describe('checkSolutions with a fake runner', () => {
  it('runs the reference then the stub of every exercise, and needs a reference block', async () => {
    const code = {
      language: 'python' as const,
      stub: 'stub',
      cases: [{ name: 'a', call: 'f()', expect: '1', hidden: true, line: 7 }],
      tolerance: 1e-6,
      ordered: true,
      line: 5,
    };
    const good: Question = question('good', { answer: '```python\nref\n```\n', code, source: { file: 'q.md', line: 1, column: 1 } });
    const none: Question = question('none', { answer: 'prose only', code, source: { file: 'q.md', line: 1, column: 1 } });
    const seen: string[] = [];
    const passAll = async (request: RunRequest): Promise<RunReport> => {
      seen.push(request.code);
      return { verdict: 'pass', passed: 1, failed: 0, total: 1, tests: [{ name: 'a', status: 'pass' }], stdout: '', stderr: '', seconds: 0 };
    };
    const findings = await checkSolutions([good, none], 'python3', passAll, 1);
    expect(seen).toEqual(['ref\n', 'stub']);
    expect(findings.map((f) => [f.rule, f.line])).toEqual([
      ['code-stub-passes', 5],
      ['code-no-solution', 5],
    ]);
  });
});
