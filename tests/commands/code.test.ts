// code called in-process: the stub to a file or stdout, and a solution run against an exercise's tests. The
// exercises are bundled ones, loaded on their own (with the bundled topics) so no test parses the whole bank.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCode, type CodeOptions } from '../../src/commands/code.js';
import { tinyBank } from '../helpers/bank.js';
import { REPO } from '../helpers/cli.js';
import { pythonRequired, pythonWithNumpy } from '../helpers/python.js';
import { run } from '../helpers/run-command.js';
import { tempDir, writeTree } from '../helpers/temp.js';

const python = pythonWithNumpy();
const withPython = { MLE_PREP_PYTHON: python ?? 'python3' };
const TOP_K_FILE = join(REPO, 'questions/coding/top-k-heap.md');
const SQL_FILE = join(REPO, 'questions/coding/sql-running-total.md');
const exercises: CodeOptions = { bundled: false, bank: [TOP_K_FILE, SQL_FILE] };

const code = (id: string, options: CodeOptions, io: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  run((term) => runCode(id, { ...exercises, ...options }, term), io);

const TOP_K = `import heapq


def top_k(stream, k):
    if k <= 0:
        return []
    return sorted(heapq.nlargest(k, stream), reverse=True)
`;

describe('code: the stub', () => {
  it('prints the stub with --stdout', async () => {
    const result = await code('coding-top-k-heap', { stdout: true });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^import heapq\n\n\ndef top_k\(stream, k\):\n/);
    expect(result.stdout).toContain('raise NotImplementedError');
  });

  it('writes <id>.py (or .sql) to the folder it runs in and never overwrites it', async () => {
    const cwd = tempDir();
    expect(await code('coding-sql-running-total', {}, { cwd })).toMatchObject({
      code: 0,
      stdout: 'Wrote coding-sql-running-total.sql. Fill it in, then run: mle-prep code coding-sql-running-total --file coding-sql-running-total.sql\n',
    });
    expect(readFileSync(join(cwd, 'coding-sql-running-total.sql'), 'utf8')).toMatch(/^-- SQLite\. Return user_id, order_id/);
    writeTree(cwd, { 'coding-sql-running-total.sql': 'my work' });
    const again = await code('coding-sql-running-total', {}, { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/coding-sql-running-total\.sql already exists/);
    expect(readFileSync(join(cwd, 'coding-sql-running-total.sql'), 'utf8')).toBe('my work');
  });

  it('usage errors exit 2 with one sentence', async () => {
    expect(await code('coding-top-k-hep', { stdout: true })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^mle-prep: no question with id "coding-top-k-hep" \(did you mean "coding-top-k-heap"\?\)/),
    });
    expect(await code('coding-top-k-heap', { json: true })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--json reports a test run; give the solution with --file/),
    });
    expect(await code('coding-top-k-heap', { file: 'nope.py' }, { cwd: tempDir() })).toMatchObject({
      code: 2,
      stderr: 'mle-prep: --file nope.py does not exist.\n',
    });
    expect(await code('alpha-first', { bank: [tinyBank()], stdout: true })).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^mle-prep: "alpha-first" has no tests to run; /),
    });
  });
});

describe.skipIf(!python && !pythonRequired)('code --file', () => {
  it('exits 0 when every test passes, with the JSON shape scripts read', async () => {
    const cwd = writeTree(tempDir(), { 'top.py': TOP_K });
    const result = await code('coding-top-k-heap', { file: 'top.py', json: true }, { cwd, env: withPython });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['id', 'passed', 'failed', 'total', 'verdict', 'tests']);
    expect(report).toMatchObject({ id: 'coding-top-k-heap', passed: 5, failed: 0, total: 5, verdict: 'pass' });
    expect(Object.keys(report.tests[0])).toEqual(['name', 'status', 'message']);
  });

  it('exits 1 when a test fails, showing the first failure', async () => {
    const cwd = writeTree(tempDir(), { 'top.py': TOP_K.replace('reverse=True', 'reverse=False') });
    const text = await code('coding-top-k-heap', { file: 'top.py' }, { cwd, env: withPython });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Some tests failed: 2 of 5 tests passed');
    expect(text.stdout).toMatch(
      /First failure: the example in the prompt\n {2}the output differs\n {2}input {4}top_k\(\[5, 1, 9, 3, 7, 9, 2\], 3\)\n {2}expected \[9, 9, 7\]\n {2}actual {3}\[7, 9, 9\]/,
    );
    const json = await code('coding-top-k-heap', { file: join(cwd, 'top.py'), json: true }, { env: withPython });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).verdict).toBe('fail');
    expect(JSON.parse(json.stdout).tests[1]).toEqual({
      name: 'negative numbers',
      status: 'fail',
      message: 'result[0] is -3, expected -1; input: top_k([-5, -1, -3], 2); expected: [-1, -3]; actual: [-3, -1]',
    });
  });

  it('runs SQL exercises', async () => {
    const query =
      'SELECT user_id, order_id, order_date, amount, SUM(amount) OVER (PARTITION BY user_id ORDER BY order_date, order_id ROWS UNBOUNDED PRECEDING) FROM orders ORDER BY user_id, order_date, order_id;';
    const cwd = writeTree(tempDir(), { 'q.sql': query });
    const result = await code('coding-sql-running-total', { file: 'q.sql', json: true }, { cwd, env: withPython });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'pass', passed: 3, total: 3 });
  });

  it("stops a run at the exercise's time limit: a timeout is its own verdict and exits 1", async () => {
    // The bundled exercise with a quarter-second limit instead of the default five seconds.
    const exercise = readFileSync(TOP_K_FILE, 'utf8').replace('\ntests:\n', '\ntests:\n  time_limit: 0.25\n');
    expect(exercise).toContain('time_limit: 0.25');
    const bank = writeTree(tempDir(), { 'topics.yaml': readFileSync(join(REPO, 'questions/topics.yaml'), 'utf8'), 'top-k.md': exercise });
    const cwd = writeTree(tempDir(), { 'loop.py': 'while True:\n    pass\n' });
    const result = await code('coding-top-k-heap', { bank: [bank], file: 'loop.py', json: true }, { cwd, env: withPython });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'timeout', passed: 0 });
  });
});

describe('code without python3', () => {
  it('says so in one sentence and exits 1', async () => {
    const cwd = writeTree(tempDir(), { 'top.py': TOP_K });
    const result = await code('coding-top-k-heap', { file: 'top.py' }, { cwd, env: { MLE_PREP_PYTHON: join(cwd, 'no-python-here') } });
    expect(result).toMatchObject({
      code: 1,
      stderr: 'mle-prep: python3 was not found, so your code cannot be run here (set MLE_PREP_PYTHON to use another interpreter).\n',
    });
    expect(existsSync(join(cwd, 'coding-top-k-heap.py'))).toBe(false);
  });
});
