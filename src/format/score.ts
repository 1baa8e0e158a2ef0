// How scores and counts read everywhere: one percent format, one set of score bands, one way to count a session.
import type { SessionSummary } from '../session/summarize.js';

/** The score bands: good from 80%, fair from 50%, weak below. */
export const GOOD_SCORE = 0.8;
export const FAIR_SCORE = 0.5;

export type ScoreBand = 'good' | 'fair' | 'weak';

export function scoreBand(score: number): ScoreBand {
  return score >= GOOD_SCORE ? 'good' : score >= FAIR_SCORE ? 'fair' : 'weak';
}

/** 0.456 -> "46%". */
export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** A multiple-choice result in words. */
export function choiceVerdict(score: number): string {
  return score === 1 ? 'correct' : score > 0 ? 'partly correct' : 'incorrect';
}

/** "3 of 5 answered, 1 timed out, 1 not reached". */
export function countsText(s: SessionSummary, separator = ', ', completed = true): string {
  const extra = [s.timedOut && `${s.timedOut} timed out`, s.notReached && `${s.notReached} not reached`, s.ungraded && `${s.ungraded} not graded`].filter(
    Boolean,
  );
  return [completed ? `${s.answered} of ${s.total} answered` : `${s.answered} answered`, ...extra].join(separator);
}

/** "Next reviews: 2 later today, 1 tomorrow, 3 in 4 days." */
export function formatNextReviews(groups: ReadonlyArray<{ inDays: number; count: number }>): string {
  const when = (d: number) => (d === 0 ? 'later today' : d === 1 ? 'tomorrow' : `in ${d} days`);
  return `Next reviews: ${groups.map((g) => `${g.count} ${when(g.inDays)}`).join(', ')}.`;
}
