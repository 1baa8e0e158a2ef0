import type { Question } from '../bank/types.js';

/**
 * Choice questions: each correct option picked earns a share, each wrong option picked costs one, floored at 0.
 * With one correct option this is simply 1 for the right pick and 0 otherwise.
 */
export function gradeChoice(question: Question, picked: readonly number[]): number {
  const correct = new Set(question.choices.flatMap((c, i) => (c.correct ? [i] : [])));
  if (correct.size === 0) return 0;
  const unique = new Set(picked);
  let hits = 0;
  let misses = 0;
  for (const i of unique) {
    if (correct.has(i)) hits++;
    else misses++;
  }
  return Math.max(0, (hits - misses) / correct.size);
}

/** Open questions: the share of key points the user says their answer covered. */
export function gradeKeyPoints(question: Question, covered: readonly number[]): number {
  const total = question.keyPoints.length;
  if (total === 0) return 0;
  const valid = new Set(covered.filter((i) => Number.isInteger(i) && i >= 0 && i < total));
  return valid.size / total;
}
