// `quiz --weak`: the questions the user misses most, then questions from their weakest topics.
import type { QuestionSummary } from '../bank/types.js';
import { mostMissedQuestions, seenResults, type StatsSession } from '../stats/aggregate.js';
import { groupScores } from './summarize.js';
import { seededRandom, shuffled } from './random.js';
import type { ResultRecord, SessionRecord } from './types.js';

export function weakOrder<Q extends QuestionSummary>(questions: readonly Q[], sessions: readonly StatsSession[], seed: number): Q[] {
  const results = sessions.flatMap((s) => seenResults(s));
  const missed = mostMissedQuestions(results, Infinity);
  const missRank = new Map(missed.map((m, i) => [m.questionId, i]));
  const topicScore = new Map(groupScores(results, (r) => r.topic).map((g) => [g.key, g.score]));
  // Shuffle first so that questions tied on every key come out in a seeded, not a file-system, order.
  const base = shuffled(
    [...questions].sort((a, b) => a.id.localeCompare(b.id)),
    seededRandom(seed),
  );
  const key = (q: Q): [number, number] => [missRank.get(q.id) ?? Infinity, topicScore.get(q.topic) ?? Infinity];
  return base
    .map((q, i) => ({ q, i, k: key(q) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.q);
}

/** The latest graded result of each question, with when its session started, by question id. */
export type LatestResults = Record<string, { at: string; result: ResultRecord }>;

/** Folds one session into the latest results (in place): a result counts when no later session graded it. */
export function noteLatestResults(latest: LatestResults, session: Pick<SessionRecord, 'startedAt' | 'results'>): void {
  for (const result of seenResults(session)) {
    const known = latest[result.questionId];
    if (!known || known.at < session.startedAt) latest[result.questionId] = { at: session.startedAt, result };
  }
}

/** The latest graded result of each question over the sessions (for "last time" when it comes back). */
export function lastResults(sessions: readonly SessionRecord[]): Map<string, ResultRecord> {
  const latest: LatestResults = Object.create(null);
  for (const session of sessions) noteLatestResults(latest, session);
  return new Map(Object.entries(latest).map(([id, { result }]) => [id, result]));
}
