// Every open coding question is executable: its model solution must reproduce the example in its prompt.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank/bank.js';
import { bundledBankDir } from '../../src/bank/bundled.js';

const HARNESS = fileURLToPath(new URL('./run_solutions.py', import.meta.url));

function fencedBlocks(markdown: string, language: string): string[] {
  const pattern = new RegExp('^```' + language + '[^\\S\\n]*\\n([\\s\\S]*?)^```[^\\S\\n]*$', 'gm');
  return [...markdown.matchAll(pattern)].map((m) => m[1]!);
}

function pythonWithNumpy(): string | undefined {
  const candidates = [process.env.MLE_PREP_TEST_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => Boolean(c));
  return candidates.find((python) => spawnSync(python, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
}

const questions = checkBank([bundledBankDir()]).questions.filter((q) => q.topic === 'coding' && q.type === 'open');
const python = pythonWithNumpy();
const required = Boolean(process.env.MLE_PREP_REQUIRE_PYTHON || process.env.CI);

type Case = { id: string; kind: 'python'; solution: string; example: string } | { id: string; kind: 'sql'; setup: string; query: string; expected: string };

function caseFor(q: (typeof questions)[number]): Case | string {
  const examples = fencedBlocks(q.prompt, 'python');
  const solutions = fencedBlocks(q.answer, 'python');
  if (examples.length === 1 && solutions.length > 0) {
    if (solutions.some((s) => /^\s*>>>/m.test(s))) return 'the solution blocks must not contain >>> lines';
    return { id: q.id, kind: 'python', solution: solutions.join('\n\n'), example: examples[0]! };
  }
  const setup = fencedBlocks(q.prompt, 'sql');
  const expected = fencedBlocks(q.prompt, 'text');
  const query = fencedBlocks(q.answer, 'sql');
  if (setup.length === 1 && expected.length === 1 && query.length === 1) return { id: q.id, kind: 'sql', setup: setup[0]!, query: query[0]!, expected: expected[0]! };
  return `neither a python doctest example with a python solution, nor sql setup + text expected rows + one sql query (found ${examples.length}/${solutions.length} python, ${setup.length}/${expected.length}/${query.length} sql/text/sql)`;
}

describe('coding questions', () => {
  it('are all executable: a doctest example or SQL with expected rows', () => {
    const malformed = questions.map((q) => [q.id, caseFor(q)] as const).filter(([, c]) => typeof c === 'string');
    expect(malformed).toEqual([]);
    expect(questions.length).toBeGreaterThanOrEqual(20);
  });

  it.skipIf(!python && !required)('reproduce the example in their prompt (python3 + NumPy, SQLite)', () => {
    if (!python) throw new Error('no python3 with NumPy found; set MLE_PREP_TEST_PYTHON or install python3-numpy');
    const cases = questions.map(caseFor).filter((c): c is Case => typeof c !== 'string');
    expect(cases.some((c) => c.kind === 'sql')).toBe(true);
    const run = spawnSync(python, [HARNESS], { input: JSON.stringify(cases), encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
