// The runner against real python3: verdicts for right, wrong and hostile code. Durations are measured in
// bench/code-runner.mjs, not asserted here.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeExercise } from '../../src/bank/types.js';
import { cannotRun, needsNumpy, probePython, runExercise, testNames } from '../../src/code/runner.js';
import { pythonRequired, pythonWithNumpy } from '../helpers/python.js';
import { tempDir } from '../helpers/temp.js';

const python = pythonWithNumpy();

function exercise(overrides: Partial<CodeExercise> = {}): CodeExercise {
  return {
    language: 'python',
    stub: 'def add(a, b):\n    raise NotImplementedError\n',
    cases: [
      { name: 'small', call: 'add(1, 2)', expect: '3', hidden: false, line: 1 },
      { name: 'floats', call: 'add(0.1, 0.2)', expect: '0.3', hidden: true, line: 2 },
    ],
    tolerance: 1e-6,
    ordered: true,
    line: 1,
    ...overrides,
  };
}

// Every run's processes carry this in their environment, so the test can look for any left behind.
const MARK = `MLE_PREP_RUNNER_TEST=${process.pid}`;

const run = (code: string, overrides: Partial<CodeExercise> = {}, limits = {}) =>
  runExercise({ exercise: exercise(overrides), code, python: python!, limits, env: { ...process.env, MLE_PREP_RUNNER_TEST: String(process.pid) } });

/** Live processes started by this file's runs (Linux: read from /proc). */
function survivors(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(MARK);
      } catch {
        return false;
      }
    });
}

describe('code runner: what it knows without running', () => {
  it('tells NumPy exercises apart and lists test names from cases or a test file', () => {
    expect(needsNumpy(exercise({ stub: 'import numpy as np\n\ndef f(x):\n    pass\n' }))).toBe(true);
    expect(needsNumpy(exercise({ setup: 'from numpy import array' }))).toBe(true);
    expect(needsNumpy(exercise())).toBe(false);
    expect(testNames(exercise())).toEqual(['small', 'floats']);
    expect(testNames(exercise({ cases: [], file: 'def test_one():\n    pass\n\ndef helper():\n    pass\ndef test_two():\n    pass\n' }))).toEqual([
      'test_one',
      'test_two',
    ]);
  });

  it('finds the interpreter and whether NumPy is there, from its exit code, without blocking; stops when told', { timeout: 8000 }, async () => {
    const dir = tempDir();
    const fake = (name: string, status: number) => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\nexit ${status}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    const withNumpy = fake('with-numpy', 0);
    const withoutNumpy = fake('without-numpy', 3);
    expect(await probePython({ MLE_PREP_PYTHON: withNumpy })).toEqual({ python: withNumpy, numpy: true });
    expect(await probePython({ MLE_PREP_PYTHON: withoutNumpy })).toEqual({ python: withoutNumpy, numpy: false });
    // Broken, or not there at all: no interpreter.
    expect(await probePython({ MLE_PREP_PYTHON: fake('broken', 1) })).toEqual({ numpy: false });
    expect(await probePython({ MLE_PREP_PYTHON: join(dir, 'missing') })).toEqual({ numpy: false });
    // Stopped when its session ends, however long the interpreter takes to start.
    const slow = join(dir, 'slow');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    const stop = new AbortController();
    const stopped = probePython({ MLE_PREP_PYTHON: slow }, stop.signal);
    stop.abort();
    expect(await stopped).toEqual({ numpy: false });
    // A real one, as the runner's tests use it.
    const python = pythonWithNumpy();
    if (python) expect(await probePython({ ...process.env, MLE_PREP_PYTHON: python })).toEqual({ python, numpy: true });
  });

  it('says in one sentence why code cannot run without python3 or without NumPy', () => {
    expect(cannotRun(exercise(), { numpy: false })).toMatch(/^python3 was not found, .*key points instead.*\.$/);
    expect(cannotRun(exercise({ stub: 'import numpy as np\n' }), { python: 'python3', numpy: false })).toMatch(/has no NumPy, which this exercise needs/);
    expect(cannotRun(exercise(), { python: 'python3', numpy: false })).toBeUndefined();
  });
});

describe.skipIf(!python && !pythonRequired)('code runner', () => {
  it('passes right code, with floats compared within the tolerance', async () => {
    const report = await run('def add(a, b):\n    return a + b\n');
    expect(report).toMatchObject({ verdict: 'pass', passed: 2, failed: 0, total: 2 });
    expect(report.tests.map((t) => t.status)).toEqual(['pass', 'pass']);
  });

  it('fails wrong code with the input, expected and actual value of the failing case', async () => {
    const report = await run('def add(a, b):\n    print("adding", a, b)\n    return a - b\n');
    expect(report).toMatchObject({ verdict: 'fail', passed: 0, failed: 2, total: 2 });
    expect(report.tests[0]).toMatchObject({ name: 'small', status: 'fail', input: 'add(1, 2)', expected: '3', actual: '-1' });
    expect(report.stdout).toContain('adding 1 2');
  });

  it('reports an exception in a test with its line, and the other tests still run', async () => {
    const report = await run('def add(a, b):\n    if a == 1:\n        raise ValueError("no ones")\n    return a + b\n');
    expect(report.verdict).toBe('fail');
    expect(report.tests[0]).toMatchObject({ status: 'error', message: 'ValueError: no ones (line 3)', line: 3 });
    expect(report.tests[1]!.status).toBe('pass');
  });

  it('the unchanged stub fails', async () => {
    const report = await run(exercise().stub);
    expect(report.verdict).toBe('fail');
    expect(report.tests[0]!.message).toMatch(/^NotImplementedError/);
  });

  it('a syntax error is an error verdict naming the line, with every test not run', async () => {
    const report = await run('def add(a, b):\n    return a +\n');
    expect(report.verdict).toBe('error');
    expect(report.message).toMatch(/^SyntaxError: .*\(line 2\)$/);
    expect(report.tests.filter((t) => t.status !== 'not-run')).toEqual([]);
    expect(report.passed).toBe(0);
  });

  it('an exception or sys.exit outside any test is an error', async () => {
    expect((await run('import sys\nsys.exit(3)\n')).verdict).toBe('error');
    expect((await run('1 / 0\n')).message).toMatch(/^ZeroDivisionError: division by zero \(line 1\)$/);
    expect((await run('import os\nos._exit(0)\n')).message).toMatch(/exited with status 0 before the tests finished/);
  });

  it('compares arrays by shape, dtype family and values within the tolerance', async () => {
    const arrays = {
      setup: 'import numpy as np',
      cases: [{ name: 'array', call: 'f()', expect: 'np.array([[1.0, 2.0]])', hidden: false, line: 1 }],
    };
    expect((await run('import numpy as np\ndef f():\n    return np.array([[1.0000001, 2.0]])\n', arrays)).verdict).toBe('pass');
    expect((await run('import numpy as np\ndef f():\n    return [[1, 2]]\n', arrays)).verdict).toBe('pass');
    const shape = await run('import numpy as np\ndef f():\n    return np.array([1.0, 2.0])\n', arrays);
    expect(shape.tests[0]!.message).toBe('result has shape (2,), expected (1, 2)');
    const labels = { setup: 'import numpy as np', cases: [{ name: 'labels', call: 'f()', expect: 'np.array([0, 1])', hidden: false, line: 1 }] };
    const dtype = await run('import numpy as np\ndef f():\n    return np.array([0.0, 1.0])\n', labels);
    expect(dtype.tests[0]!.message).toMatch(/holds floats \(dtype float64\), expected integers/);
    const value = await run('import numpy as np\ndef f():\n    return np.array([[1.0, 2.1]])\n', arrays);
    expect(value.tests[0]!.message).toBe('result[0, 1] is np.float64(2.1), expected np.float64(2.0)'.replace('[0, 1]', '[0, 1]'));
  });

  it('runs a doctest case as one test, reporting the first example whose output differs', async () => {
    const doctest = { cases: [{ name: 'steps', doctest: '>>> total = add(1, 2)\n>>> total\n3\n>>> add(total, 1)\n4\n', hidden: false, line: 1 }] };
    expect((await run('def add(a, b):\n    return a + b\n', doctest)).verdict).toBe('pass');
    const off = await run('def add(a, b):\n    return a + b + (a == 3)\n', doctest);
    expect(off.tests[0]).toMatchObject({ status: 'fail', input: 'add(total, 1)', expected: '4', actual: '5' });
    const raised = await run('def add(a, b):\n    raise KeyError(a)\n', doctest);
    expect(raised.tests[0]).toMatchObject({ status: 'error', input: 'total = add(1, 2)', message: 'KeyError: 1 (line 2)' });
  });

  it('runs a Python test file: asserts fail a test, test_* functions are the tests', async () => {
    const file = 'def test_small():\n    assert add(1, 2) == 3\n\ndef test_negative():\n    assert add(-1, -2) == -3, "negatives"\n';
    const report = await run('def add(a, b):\n    return abs(a) + abs(b)\n', { cases: [], file });
    expect(report).toMatchObject({ verdict: 'fail', passed: 1, total: 2 });
    expect(report.tests[1]).toMatchObject({ name: 'test_negative', status: 'fail', message: 'negatives' });
  });

  it('runs SQL against fixture tables, per case, comparing rows in order', async () => {
    const sql: Partial<CodeExercise> = {
      language: 'sql',
      stub: '-- your query\nSELECT 1;',
      fixtures: 'CREATE TABLE t (id INTEGER, v REAL); INSERT INTO t VALUES (1, 0.5), (2, 1.5);',
      cases: [
        {
          name: 'prompt tables',
          expect: [
            [2, 1.5],
            [1, 0.5],
          ],
          hidden: false,
          line: 1,
        },
        { name: 'empty table', fixtures: 'CREATE TABLE t (id INTEGER, v REAL);', expect: [], hidden: true, line: 2 },
      ],
    };
    expect((await run('SELECT id, v FROM t ORDER BY id DESC;', sql)).verdict).toBe('pass');
    const wrong = await run('SELECT id, v FROM t ORDER BY id;', sql);
    expect(wrong.tests.map((t) => t.status)).toEqual(['fail', 'pass']);
    expect(wrong.tests[0]).toMatchObject({ input: 'the tables in the prompt', message: 'rows[0][0] is 1, expected 2' });
    expect((await run('SELECT id, v FROM t ORDER BY id;', { ...sql, ordered: false })).verdict).toBe('pass');
    expect((await run('SELEC nonsense', sql)).tests[0]).toMatchObject({ status: 'error', message: expect.stringMatching(/^OperationalError: near "SELEC"/) });
  });

  describe('hostile code ends in a clear verdict and leaves no process behind', () => {
    it('an infinite loop: timeout', async () => {
      const report = await run('def add(a, b):\n    while True:\n        pass\n', {}, { timeMs: 1500 });
      expect(report.verdict).toBe('timeout');
      expect(report.message).toMatch(/longer than its 1.5 s limit/);
      expect(report.tests.filter((t) => t.status !== 'not-run')).toEqual([]);
    });

    it('time.sleep(3600) at import: timeout, and the sleeper is gone', async () => {
      const report = await run('import time\ntime.sleep(3600.25)\n', {}, { timeMs: 1500 });
      expect(report.verdict).toBe('timeout');
      expect(survivors()).toEqual([]);
    });

    it('a 20 GB allocation: limit (memory)', async () => {
      const report = await run('import numpy as np\nbig = np.ones(20 * 1024**3, dtype=np.uint8)\n');
      expect(report.verdict).toBe('limit');
      expect(report.message).toMatch(/memory/);
      const inTest = await run('def add(a, b):\n    return len(bytearray(20 * 1024**3))\n');
      expect(inTest.verdict).toBe('limit');
    });

    it('200 forked children: limit (processes), none left running', async () => {
      const code = 'import os, time\nfor _ in range(200):\n    if os.fork() == 0:\n        time.sleep(3600.5)\n        os._exit(0)\ntime.sleep(3600.5)\n';
      const report = await run(code, {}, { timeMs: 20_000 });
      expect(report.verdict).toBe('limit');
      expect(report.message).toMatch(/more than 16 processes/);
      expect(survivors()).toEqual([]);
    });

    it('200 MB printed: limit (output), with the tail of what was printed kept', async () => {
      const report = await run('import sys\nfor _ in range(200 * 1024):\n    sys.stdout.write("x" * 1023 + "\\n")\n', {}, { timeMs: 20_000 });
      expect(report.verdict).toBe('limit');
      expect(report.message).toMatch(/printed more than 1 MB/);
      expect(report.stdout.length).toBeLessThanOrEqual(2048);
    });
  });
});
