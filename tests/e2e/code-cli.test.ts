// `mle-prep code`: the stub to a file or stdout, and a solution file run against an exercise's tests, through the
// built CLI as a user runs it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { pythonRequired, pythonWithNumpy } from '../helpers/python.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const python = pythonWithNumpy();
const withPython = { MLE_PREP_PYTHON: python ?? 'python3' };

const TOP_K = `import heapq


def top_k(stream, k):
    if k <= 0:
        return []
    return sorted(heapq.nlargest(k, stream), reverse=True)
`;

describe('mle-prep code: the stub', () => {
  it('prints the stub with --stdout', () => {
    const run = runCli(['code', 'coding-top-k-heap', '--stdout']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^import heapq\n\n\ndef top_k\(stream, k\):\n/);
    expect(run.stdout).toContain('raise NotImplementedError');
  });

  it('writes <id>.py (or .sql) to the current folder and never overwrites it', () => {
    const cwd = tempDir();
    const first = runCli(['code', 'coding-sql-running-total'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('Wrote coding-sql-running-total.sql. Fill it in, then run: mle-prep code coding-sql-running-total --file coding-sql-running-total.sql\n');
    expect(readFileSync(join(cwd, 'coding-sql-running-total.sql'), 'utf8')).toMatch(/^-- SQLite\. Return user_id, order_id/);
    writeTree(cwd, { 'coding-sql-running-total.sql': 'my work' });
    const again = runCli(['code', 'coding-sql-running-total'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/coding-sql-running-total\.sql already exists/);
    expect(readFileSync(join(cwd, 'coding-sql-running-total.sql'), 'utf8')).toBe('my work');
  });

  it('usage errors exit 2 with one sentence', () => {
    expect(runCli(['code', 'coding-top-k-hep', '--stdout'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^mle-prep: no question with id "coding-top-k-hep" \(did you mean "coding-top-k-heap"\?\)/) });
    expect(runCli(['code', 'coding-top-k-heap', '--json'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--json reports a test run; give the solution with --file/) });
    expect(runCli(['code', 'coding-top-k-heap', '--file', 'nope.py'])).toMatchObject({ code: 2, stderr: 'mle-prep: --file nope.py does not exist.\n' });
    expect(runCli(['code', 'mlops-model-registry', '--stdout']).code).toBe(2);
  });
});

describe.skipIf(!python && !pythonRequired)('mle-prep code --file', () => {
  it('exits 0 when every test passes, with the JSON shape scripts read', () => {
    const cwd = writeTree(tempDir(), { 'top.py': TOP_K });
    const run = runCli(['code', 'coding-top-k-heap', '--file', 'top.py', '--json'], { cwd, env: withPython });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(['id', 'passed', 'failed', 'total', 'verdict', 'tests']);
    expect(report).toMatchObject({ id: 'coding-top-k-heap', passed: 5, failed: 0, total: 5, verdict: 'pass' });
    expect(Object.keys(report.tests[0])).toEqual(['name', 'status', 'message']);
  });

  it('exits 1 when a test fails, showing the first failure', () => {
    const cwd = writeTree(tempDir(), { 'top.py': TOP_K.replace('reverse=True', 'reverse=False') });
    const text = runCli(['code', 'coding-top-k-heap', '--file', 'top.py'], { cwd, env: withPython });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Some tests failed: 2 of 5 tests passed');
    expect(text.stdout).toMatch(/First failure: the example in the prompt\n {2}the output differs\n {2}input {4}top_k\(\[5, 1, 9, 3, 7, 9, 2\], 3\)\n {2}expected \[9, 9, 7\]\n {2}actual {3}\[7, 9, 9\]/);
    const json = JSON.parse(runCli(['code', 'coding-top-k-heap', '--file', 'top.py', '--json'], { cwd, env: withPython }).stdout);
    expect(json.verdict).toBe('fail');
    expect(json.tests[1]).toEqual({ name: 'negative numbers', status: 'fail', message: 'result[0] is -3, expected -1; input: top_k([-5, -1, -3], 2); expected: [-1, -3]; actual: [-3, -1]' });
  });

  it('runs SQL exercises', () => {
    const query = 'SELECT user_id, order_id, order_date, amount, SUM(amount) OVER (PARTITION BY user_id ORDER BY order_date, order_id ROWS UNBOUNDED PRECEDING) FROM orders ORDER BY user_id, order_date, order_id;';
    const cwd = writeTree(tempDir(), { 'q.sql': query });
    const run = runCli(['code', 'coding-sql-running-total', '--file', 'q.sql', '--json'], { cwd, env: withPython });
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'pass', passed: 3, total: 3 });
  });

  it('a timeout is its own verdict and exits 1', () => {
    const cwd = writeTree(tempDir(), { 'loop.py': 'while True:\n    pass\n' });
    const run = runCli(['code', 'coding-top-k-heap', '--file', 'loop.py', '--json'], { cwd, env: withPython });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'timeout', passed: 0 });
  });
});

describe('mle-prep code without python3', () => {
  it('says so in one sentence and exits 1', () => {
    const cwd = writeTree(tempDir(), { 'top.py': TOP_K });
    const run = runCli(['code', 'coding-top-k-heap', '--file', 'top.py'], { cwd, env: { MLE_PREP_PYTHON: join(cwd, 'no-python-here') } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`mle-prep: python3 was not found, so your code cannot be run here (set MLE_PREP_PYTHON to use another interpreter).\n`);
    expect(existsSync(join(cwd, 'coding-top-k-heap.py'))).toBe(false);
  });
});
