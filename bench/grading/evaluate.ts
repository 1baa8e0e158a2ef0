// Precision and recall of the key-point suggestions on labelled answers (bench/grading/labelled-*.yaml): each
// answer is marked with the key points it truly covers, by a reader who never saw the matcher.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { checkBank } from '../../src/bank-files/bank.js';
import { bundledBankDir } from '../../src/bank-files/bundled.js';
import { questionDocument, suggestKeyPoints, termWeights, TUNING, type Tuning } from '../../src/grading/suggest.js';

export interface Labelled {
  question: string;
  kind: string;
  spelling: string;
  covers: number[];
  answer: string;
}

export interface Counts {
  answers: number;
  truePositives: number;
  suggested: number;
  labelled: number;
  /** Suggested points of answers that should collect none (restated, off-topic, keyword-stuffed), over their points. */
  gamedSuggested: number;
  gamedPoints: number;
  /** The largest share of its points any one such answer collected. */
  gamedWorst: number;
}

export interface Evaluation {
  overall: Counts;
  byKind: Record<string, Counts>;
  bySet: Record<string, Counts>;
  misses: Array<{ set: string; question: string; kind: string; index: number; keyPoint: string; confidence: number; label: boolean }>;
}

const empty = (): Counts => ({ answers: 0, truePositives: 0, suggested: 0, labelled: 0, gamedSuggested: 0, gamedPoints: 0, gamedWorst: 0 });
const GAMED = new Set(['restated', 'off-topic', 'keyword-stuffed']);

export function evaluate(files: Record<string, string>, tuning: Tuning = TUNING): Evaluation {
  const bank = checkBank([bundledBankDir()]);
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const weights = termWeights(bank.questions.map(questionDocument));
  const result: Evaluation = { overall: empty(), byKind: {}, bySet: {}, misses: [] };
  for (const [set, file] of Object.entries(files)) {
    const answers = (parse(readFileSync(file, 'utf8')) as { answers: Labelled[] }).answers;
    for (const item of answers) {
      const question = byId.get(item.question);
      if (!question) throw new Error(`${file}: no question ${item.question} in the bundled bank`);
      const suggestions = suggestKeyPoints(question, item.answer, weights, tuning);
      const truth = new Set(item.covers);
      const share = suggestions.filter((s) => s.covered).length / suggestions.length;
      for (const counts of [result.overall, (result.byKind[item.kind] ??= empty()), (result.bySet[set] ??= empty())]) {
        counts.answers++;
        if (GAMED.has(item.kind)) counts.gamedWorst = Math.max(counts.gamedWorst, share);
        for (const s of suggestions) {
          if (s.covered) counts.suggested++;
          if (truth.has(s.index)) counts.labelled++;
          if (s.covered && truth.has(s.index)) counts.truePositives++;
          if (GAMED.has(item.kind)) {
            counts.gamedPoints++;
            if (s.covered) counts.gamedSuggested++;
          }
        }
      }
      for (const s of suggestions) {
        if (s.covered !== truth.has(s.index)) {
          result.misses.push({
            set,
            question: item.question,
            kind: item.kind,
            index: s.index,
            keyPoint: s.text,
            confidence: s.confidence,
            label: truth.has(s.index),
          });
        }
      }
    }
  }
  return result;
}

export const precision = (c: Counts) => (c.suggested === 0 ? 1 : c.truePositives / c.suggested);
export const recall = (c: Counts) => (c.labelled === 0 ? 1 : c.truePositives / c.labelled);
