import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBank, encodeRubric, IntList, uncoveredInRecord } from '../../src/bank-files/bank.js';
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

describe("validate's reading of a compact evidence record", () => {
  // Terms 0-39 as the record numbers them; phrasings of up to 34 terms, so that both ways of writing a hit (a bit
  // mask up to 30 terms, positions above) occur.
  const phrasing = fc.integer({ min: 0, max: 34 }).chain((length) =>
    fc.record({
      terms: fc.array(fc.integer({ min: 0, max: 39 }), { minLength: length, maxLength: length }),
      hits:
        length === 0 ? fc.constant<number[][]>([]) : fc.array(fc.uniqueArray(fc.integer({ min: 0, max: length - 1 }), { maxLength: length }), { maxLength: 4 }),
    }),
  );
  const evidence = fc.record({
    phrasings: fc.array(fc.array(phrasing, { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
    promptTerms: fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 8 }),
  });
  const weights = fc.array(fc.double({ min: 0.01, max: 12, noNaN: true }), { minLength: 40, maxLength: 40 });

  it('finds exactly the key points that coveredKeyPoints leaves uncovered, with the positions it was given', () => {
    fc.assert(
      fc.property(evidence, weights, fc.integer({ min: 1, max: 500 }), (e, w, line) => {
        const list = new IntList();
        list.push(-7); // a record starts anywhere in the list
        const positions = e.phrasings.map((_, i) => ({ line: line + i, column: 3 }));
        encodeRubric(list, e, { line, column: 1 }, positions);
        const data = list.take();
        const identity = Array.from({ length: 40 }, (_, i) => i);
        const read = uncoveredInRecord(data, 1, identity, Float64Array.from(w));
        const covered = coveredKeyPoints(e, { weight: (t: number) => w[t]! });
        expect(read.uncovered).toEqual(covered.flatMap((c, i) => (c ? [] : [i])));
        expect(read.source).toEqual({ line, column: 1 });
        expect(e.phrasings.map((_, i) => read.positionAt(i))).toEqual(positions);
        expect(read.positionAt(e.phrasings.length)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
