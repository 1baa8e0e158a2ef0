import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { coverageEvidence, coveredKeyPoints, questionDocument, suggestKeyPoints, termWeights } from '../../src/grading/suggest.js';

describe('the compact evidence validate keeps for the key-point check', () => {
  const questions = checkBank([bundledBankDir()]).questions;
  const open = questions.filter((q) => q.type === 'open');
  const weights = termWeights(questions.map(questionDocument));

  it('decides every key point exactly as the suggestions do, for model answers and for other answers', () => {
    let compared = 0;
    open.forEach((q, i) => {
      // Its own model answer, and a neighbour's (which covers some points and misses most).
      for (const answer of [q.answer, open[(i + 1) % open.length]!.answer]) {
        const expected = suggestKeyPoints(q, answer, weights).map((s) => s.covered);
        expect(coveredKeyPoints(coverageEvidence(q, answer), weights)).toEqual(expected);
        compared += expected.length;
      }
    });
    expect(compared).toBeGreaterThan(1000);
  });

  it('holds no text of the answer, only term positions', () => {
    const q = open[0]!;
    const evidence = JSON.stringify(coverageEvidence(q, q.answer));
    expect(evidence.length).toBeLessThan(q.answer.length);
    expect(evidence).not.toContain(q.answer.slice(0, 30));
  });
});
