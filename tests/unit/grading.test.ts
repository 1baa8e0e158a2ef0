// The offline key-point suggestions: what collects a point, what must not, and the evidence shown for it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldSpelling, sentences, terms, words } from '../../src/grading/text.js';
import { questionDocument, suggestKeyPoints, termWeights } from '../../src/grading/suggest.js';
import { question } from '../helpers/questions.js';

const drift = question('monitoring-drift', {
  prompt: 'What is model drift, and how would you detect it in production?',
  keyPoints: [
    'Separates data drift (inputs change) from concept drift (the input-label relationship changes)',
    'Uses a population stability index above about 0.2 as an alert threshold',
    'Retrains or rolls back once performance on fresh labels confirms the drift',
  ],
  keyPointAliases: [[], ['PSI over 0.2 triggers an alert'], []],
  answer: 'Data drift means the inputs change; concept drift means the relationship between inputs and labels changes. ...',
});
const others = ['Quantization stores weights in fewer bits.', 'Batch normalization rescales activations.', 'A canary release serves a few users.'].map(
  (answer, i) => question(`other-${i}`, { prompt: 'x', answer, keyPoints: [] }),
);
const weights = termWeights([drift, ...others].map(questionDocument));
const covered = (answer: string) =>
  suggestKeyPoints(drift, answer, weights)
    .filter((s) => s.covered)
    .map((s) => s.index);

describe('text for matching', () => {
  it('folds British spellings to American ones before stemming', () => {
    expect(foldSpelling('quantisation')).toBe('quantization');
    expect(foldSpelling('behaviour')).toBe('behavior');
    expect(foldSpelling('modelling')).toBe('modeling');
    expect(foldSpelling('analyse')).toBe('analyze');
    expect(terms('The quantisation of normalised behaviour')).toEqual(terms('quantization of normalized behavior'));
  });

  it('reads ASCII text into the same words as any text, without normalizing it', () => {
    const general = (text: string) =>
      text
        .normalize('NFKC')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu) ?? [];
    const ascii = fc.string({ unit: fc.constantFrom(...'aZ09 .\'’-_\n\tK.e.g.,;:!?()[]{}"`~@#$%^&*+=/\\<>|\u0000\u007f'.split('')) });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(words(text)).toEqual(general(text));
      }),
      { numRuns: 2000 },
    );
    expect(words("Don't use p99.9 in U.S. e.g. v1.The end")).toEqual(["don't", 'use', 'p99.9', 'in', 'u.s', 'e.g', 'v1.the', 'end']);
    expect(words('Café’s ﬁne — ＡＢＣ')).toEqual(['café’s', 'fine', 'abc']);
  });

  it('splits ASCII text into the sentences the Unicode segmenter gives, without it', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    const icu = (text: string) => [...segmenter.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
    const unit = fc.constantFrom(...'aZbY09 .......!?"\'()[]{},-:;\t\v\f*/_#&'.split(''), 'e.g. ', 'U.S. ', 'Mr. Smith', ' 3.14', 'v1.The', '... ', '?! ');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (parts) => {
        // One block (no line breaks, no list marker in front), which sentences() hands to the segmenter whole.
        const text = `Xx ${parts.join('')}`;
        expect(sentences(text)).toEqual(icu(text.trim()));
      }),
      { numRuns: 5000 },
    );
    expect(sentences('It works, e.g. for p99.9 latency. Then U.S. sales grew! Why? "Quoted." (Aside.) Done')).toEqual([
      'It works, e.g. for p99.9 latency.',
      'Then U.S. sales grew!',
      'Why?',
      '"Quoted."',
      '(Aside.)',
      'Done',
    ]);
  });

  it('keeps numbers whole and drops stop words and rubric verbs', () => {
    expect(terms('Names a PSI of 0.2 and the p99')).toEqual(['psi', '0.2', 'p99']);
  });

  it('splits sentences at full stops, list items and blank lines, joins a wrapped paragraph, and drops list markers', () => {
    expect(sentences('First point. Second one?\n- a listed item\n2) numbered item\n\nA paragraph\nwrapped over lines.')).toEqual([
      'First point.',
      'Second one?',
      'a listed item',
      'numbered item',
      'A paragraph wrapped over lines.',
    ]);
  });
});

describe('key-point suggestions', () => {
  it('suggests the points an answer covers, with the sentence that shows each, in either spelling', () => {
    const answer =
      'Data drift is when the input distribution changes, while concept drift is when the relationship between inputs and the label changes. ' +
      'I would compute a population stability index per feature and alert when it goes above 0.2. ' +
      'Once fresh labels confirm that performance dropped, I would retrain the model or roll back to the previous version.';
    const suggestions = suggestKeyPoints(drift, answer, weights);
    expect(suggestions.map((s) => s.covered)).toEqual([true, true, true]);
    expect(suggestions[1]!.evidence).toBe('I would compute a population stability index per feature and alert when it goes above 0.2.');
    for (const s of suggestions) expect(s.confidence).toBeGreaterThan(0);
    for (const s of suggestions) expect(s.confidence).toBeLessThanOrEqual(1);
    expect(covered(answer.replace('stability index', 'stability index (behaviour of binned inputs, normalised)'))).toEqual([0, 1, 2]);
  });

  it("lets a key point's aliases count as other ways of saying it", () => {
    expect(covered('In production we page someone when the PSI is over 0.2 for any feature.')).toEqual([1]);
  });

  it("gives nothing for restating the question, for a bare list of the key points' words, or for an answer on something else", () => {
    expect(
      covered('So the question is what model drift is and how one would detect it in production. Detecting model drift in production is the question.'),
    ).toEqual([]);
    expect(
      covered('data drift concept drift inputs labels relationship population stability index 0.2 alert threshold retrain roll back performance fresh labels'),
    ).toEqual([]);
    expect(covered('A canary release sends a small share of users to the new version and compares error rates before widening it.')).toEqual([]);
  });

  it('needs the support within a window of two sentences, not scattered over the answer', () => {
    const filler = 'Some filler that says nothing.';
    const said = ['Population matters here.', 'Stability is nice.', 'The index helps us.', 'Alerts can fire.', 'Thresholds exist.'];
    expect(covered(said.join(` ${filler} ${filler} `))).not.toContain(1);
    expect(covered(`We alert on a population stability index above a threshold. ${filler}`)).toContain(1);
  });
});
