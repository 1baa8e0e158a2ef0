// Every open coding question is a runnable exercise: tests, a reference solution and the "runnable" tag. Running
// them (each reference solution passes its tests and each unchanged stub fails them) is `mle-prep validate
// questions --strict --run-solutions`, which .ci/run runs on the bundled bank; it is the same check over the same
// questions (checkSolutions on every question with code), so it is not repeated here.
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { referenceSolution } from '../../src/code/check-solutions.js';

const questions = checkBank([bundledBankDir()]).questions.filter((q) => q.topic === 'coding' && q.type === 'open');

describe('coding exercises', () => {
  it('are all runnable, at least 60 of them (10 in SQL), each with hidden tests, a reference solution and the runnable tag', () => {
    expect(questions.filter((q) => !q.code).map((q) => q.id)).toEqual([]);
    // Floors, so a loader that dropped exercises would show; not the bank's size, which may grow.
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(questions.filter((q) => q.code?.language === 'sql').length).toBeGreaterThanOrEqual(10);
    const missing = questions.filter((q) => referenceSolution(q) === undefined || !(q.code!.file || q.code!.cases.some((c) => c.hidden)));
    expect(missing.map((q) => q.id)).toEqual([]);
    expect(questions.filter((q) => !q.tags.includes('runnable')).map((q) => q.id)).toEqual([]);
  });
});
