import { isGraded, type ResultRecord } from './types.js';

export interface ScoreGroup {
  key: string;
  /** Results counted (answered or timed out). */
  count: number;
  /** Mean score 0..1. */
  score: number;
}

export interface SessionSummary {
  total: number;
  answered: number;
  timedOut: number;
  notReached: number;
  /** Answered, but stopped before the self-grade. */
  ungraded: number;
  score: number;
  timeSeconds: number;
  byTopic: ScoreGroup[];
  byDifficulty: ScoreGroup[];
  weakestTopic?: ScoreGroup;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean score per key, in first-seen order. */
export function groupScores<R extends Pick<ResultRecord, 'score'>>(results: readonly R[], key: (r: R) => string): ScoreGroup[] {
  const groups = new Map<string, number[]>();
  for (const r of results) {
    const k = key(r);
    const scores = groups.get(k);
    if (scores) scores.push(r.score);
    else groups.set(k, [r.score]);
  }
  return [...groups].map(([k, scores]) => ({ key: k, count: scores.length, score: mean(scores) }));
}

/** The group with the lowest mean score; on a tie, the one with more questions behind it. */
export function weakest(groups: readonly ScoreGroup[]): ScoreGroup | undefined {
  return [...groups].sort((a, b) => a.score - b.score || b.count - a.count || a.key.localeCompare(b.key))[0];
}

/** The fields of a result a summary reads. */
export type SummaryResult = Pick<ResultRecord, 'status' | 'timedOut' | 'score' | 'timeSeconds' | 'topic' | 'difficulty'>;

/** The score of a session: the mean over its results (questions not reached count as 0; ungraded ones not at all). */
export function sessionScore(results: ReadonlyArray<Pick<ResultRecord, 'status' | 'score'>>): number {
  return mean(results.filter((r) => r.status !== 'ungraded').map((r) => r.score));
}

export function summarizeSession(session: { results: readonly SummaryResult[] }): SessionSummary {
  const { results } = session;
  // Per-topic scores are evidence about a topic: only answers that were put to the user and graded count (a mock
  // question not reached says nothing about the topic, though it costs the interview score).
  const scored = results.filter(isGraded);
  const byTopic = groupScores(scored, (r) => r.topic);
  const byDifficulty = groupScores(scored, (r) => r.difficulty);
  const order = ['beginner', 'intermediate', 'advanced'];
  byDifficulty.sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const weakestTopic = weakest(byTopic);
  return {
    total: results.length,
    answered: results.filter((r) => r.status === 'answered').length,
    timedOut: results.filter((r) => r.timedOut).length,
    notReached: results.filter((r) => r.status === 'not-reached').length,
    ungraded: results.filter((r) => r.status === 'ungraded').length,
    score: sessionScore(results),
    timeSeconds: Math.round(results.reduce((sum, r) => sum + r.timeSeconds, 0) * 10) / 10,
    byTopic,
    byDifficulty,
    ...(weakestTopic ? { weakestTopic } : {}),
  };
}
