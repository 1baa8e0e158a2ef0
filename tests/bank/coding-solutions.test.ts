// Every open coding question is a runnable exercise, and CI runs them: each reference solution (the model
// answer's code) passes every test, and each unchanged stub fails.
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { checkSolutions, referenceSolution } from '../../src/code/check-solutions.js';
import { pythonRequired, pythonWithNumpy } from '../helpers/python.js';

const questions = checkBank([bundledBankDir()]).questions.filter((q) => q.topic === 'coding' && q.type === 'open');
const python = pythonWithNumpy();

describe('coding exercises', () => {
  it('are all runnable, at least 60 of them, each with hidden tests and a reference solution', () => {
    expect(questions.filter((q) => !q.code).map((q) => q.id)).toEqual([]);
    expect(questions.length).toBeGreaterThanOrEqual(60);
    const byLanguage = { python: 0, sql: 0 };
    for (const q of questions) byLanguage[q.code!.language]++;
    expect(byLanguage.sql).toBeGreaterThanOrEqual(10);
    const missing = questions.filter((q) => referenceSolution(q) === undefined || !(q.code!.file || q.code!.cases.some((c) => c.hidden)));
    expect(missing.map((q) => q.id)).toEqual([]);
    for (const q of questions) expect([q.id, q.tags.includes('runnable')]).toEqual([q.id, true]);
  });

  it.skipIf(!python && !pythonRequired)('pass their tests with the reference solution and fail them with the stub', { timeout: 600_000 }, async () => {
    if (!python) throw new Error('no python3 with NumPy found; set MLE_PREP_TEST_PYTHON or install python3-numpy');
    const findings = await checkSolutions(questions, python);
    expect(findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });
});
