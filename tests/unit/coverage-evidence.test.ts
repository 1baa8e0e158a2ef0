import { describe, expect, it } from 'vitest';
import { checkBank } from '../../src/bank-files/bank.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import {
  coverageEvidence,
  coveredKeyPoints,
  documentTerms,
  questionDocument,
  questionEvidence,
  suggestKeyPoints,
  termWeights,
} from '../../src/grading/suggest.js';

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

  it("gathers from the same reading the terms of the question's document, as reading the joined document gives them", () => {
    // Numbered items, a sentence ending inside what reads as one word, non-ASCII text, headings and list markers.
    const tricky = [
      '\n\n12. A numbered item v1.The next 3.Also.\n- item\n# Head 10) ten',
      '\n10. café ’quoted’ naïve ﬁne Σ.',
      '\nE.g. the U.S.A. and 2.5x e.g.the 3.x',
      '',
    ];
    questions.forEach((q, i) => {
      for (const answer of [q.answer, `${open[i % open.length]!.answer}${tricky[i % tricky.length]}`]) {
        const document = new Set<number>();
        questionEvidence(q, answer, undefined, document);
        expect([...document].sort()).toEqual([...documentTerms({ ...q, answer })].sort());
      }
    });
  });
});
