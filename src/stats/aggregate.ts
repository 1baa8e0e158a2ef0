// Everything `stats` reports, computed from stored sessions as plain data (no terminal, no disk, no clock).
import { localDay } from '../lib/day.js';
import { groupScores, sessionScore, type ScoreGroup } from '../session/summarize.js';
import { isGraded, type ResultRecord, type SessionRecord } from '../session/types.js';

/** The part of a result stats read (a stored one without the answer text). */
export type StatsResult = Pick<
  ResultRecord,
  'questionId' | 'topic' | 'difficulty' | 'type' | 'score' | 'timeSeconds' | 'timedOut' | 'status' | 'keyPointsCovered' | 'keyPointsSuggested'
>;
/** The part of a session stats read. */
export type StatsSession = Pick<SessionRecord, 'id' | 'startedAt'> & { results: readonly StatsResult[] };

export interface StatsFilter {
  topics?: readonly string[];
  /** Only sessions started at or after this instant. */
  since?: Date;
}

export interface MissedQuestion {
  questionId: string;
  topic: string;
  attempts: number;
  /** Attempts scoring under 50% (timeouts included). */
  misses: number;
}

export interface TrendPoint {
  sessionId: string;
  startedAt: string;
  score: number;
}

export interface StatsReport {
  sessions: number;
  /** Questions put to the user and graded: answered, or closed by the clock. */
  questions: number;
  /** Of those, answered before the clock ran out (as session summaries count "answered"). */
  questionsAnswered: number;
  /** Scored as a session is (questions a mock never reached count as 0): the mean over the selected sessions' results. */
  averageScore: number;
  byTopic: ScoreGroup[];
  byDifficulty: ScoreGroup[];
  /** The last sessions, oldest first. */
  trend: TrendPoint[];
  medianTimeSeconds: number;
  timeouts: number;
  streak: { days: number; practisedToday: boolean; lastPracticeDay?: string };
  weakestTopics: ScoreGroup[];
  mostMissed: MissedQuestion[];
  /** Self-grading against the offline suggestions, over the last sessions that recorded them. */
  selfGrading: SelfGrading;
}

export interface SelfGrading {
  /** Sessions looked at (the most recent ones with suggestions recorded). */
  sessions: number;
  /** Key points the user ticked. */
  ticked: number;
  /** Of those, points the matcher found no support for in the answer. */
  unsupported: number;
}

/** Self-grading is judged over this many recent sessions, and only said once this many points were ticked. */
export const SELF_GRADING_SESSIONS = 20;
export const SELF_GRADING_MIN_TICKS = 10;

/**
 * How often the user ticked a key point the matcher found no support for: a gentle sign of generous grading (a
 * paraphrase the matcher misses counts too, so it is a hint, never a verdict).
 */
export function selfGrading(sessions: readonly StatsSession[], filter: StatsFilter = {}): SelfGrading {
  const recorded = sessions.filter((s) => seenResults(s, filter).some((r) => r.keyPointsSuggested !== undefined)).slice(-SELF_GRADING_SESSIONS);
  let ticked = 0;
  let unsupported = 0;
  for (const s of recorded) {
    for (const r of seenResults(s, filter)) {
      if (r.keyPointsSuggested === undefined || r.status !== 'answered') continue;
      const supported = new Set(r.keyPointsSuggested);
      for (const i of new Set(r.keyPointsCovered ?? [])) {
        ticked++;
        if (!supported.has(i)) unsupported++;
      }
    }
  }
  return { sessions: recorded.length, ticked, unsupported };
}

export const TREND_LENGTH = 20;
const MISS_THRESHOLD = 0.5;

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Consecutive practice days ending today, or ending yesterday when today has no practice yet. */
export function practiceStreak(days: ReadonlySet<string>, now: Date): StatsReport['streak'] {
  const practisedToday = days.has(localDay(now));
  const cursor = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 12);
  if (!practisedToday) cursor.setDate(cursor.getDate() - 1);
  let count = 0;
  while (days.has(localDay(cursor))) {
    count++;
    cursor.setDate(cursor.getDate() - 1);
  }
  const last = [...days].sort().at(-1);
  return { days: count, practisedToday, ...(last ? { lastPracticeDay: last } : {}) };
}

/** Graded results (questions not reached in a mock, and answers never self-graded, are left out). */
export function seenResults<R extends StatsResult>(session: { results: readonly R[] }, filter: StatsFilter = {}): R[] {
  return session.results.filter((r) => isGraded(r) && (!filter.topics?.length || filter.topics.includes(r.topic)));
}

export function selectSessions<S extends StatsSession>(sessions: readonly S[], filter: StatsFilter): S[] {
  return sessions
    .filter((s) => !filter.since || Date.parse(s.startedAt) >= filter.since.getTime())
    .filter((s) => seenResults(s, filter).length > 0)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

export function mostMissedQuestions(results: readonly StatsResult[], limit = 5): MissedQuestion[] {
  const byQuestion = new Map<string, MissedQuestion>();
  for (const r of results) {
    const entry = byQuestion.get(r.questionId) ?? { questionId: r.questionId, topic: r.topic, attempts: 0, misses: 0 };
    entry.attempts++;
    if (r.score < MISS_THRESHOLD) entry.misses++;
    byQuestion.set(r.questionId, entry);
  }
  return [...byQuestion.values()]
    .filter((q) => q.misses > 0)
    .sort((a, b) => b.misses - a.misses || b.misses / b.attempts - a.misses / a.attempts || a.questionId.localeCompare(b.questionId))
    .slice(0, limit);
}

export function computeStats(allSessions: readonly StatsSession[], filter: StatsFilter, now: Date): StatsReport {
  const sessions = selectSessions(allSessions, filter);
  const results = sessions.flatMap((s) => seenResults(s, filter));
  const byTopic = groupScores(results, (r) => r.topic).sort((a, b) => a.key.localeCompare(b.key));
  const order = ['beginner', 'intermediate', 'advanced'];
  const byDifficulty = groupScores(results, (r) => r.difficulty).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  // A session's score is sessionScore everywhere (history, summaries, exports): narrowed to the topics asked for.
  const scored = (s: StatsSession) => s.results.filter((r) => !filter.topics?.length || filter.topics.includes(r.topic));
  const trend = sessions.slice(-TREND_LENGTH).map((s) => ({ sessionId: s.id, startedAt: s.startedAt, score: sessionScore(scored(s)) }));
  // "Weakest" only means something against other topics.
  const weakestTopics = (byTopic.length > 1 ? byTopic : [])
    .filter((g) => g.count >= 2)
    .sort((a, b) => a.score - b.score || b.count - a.count)
    .slice(0, 3);
  return {
    sessions: sessions.length,
    questions: results.length,
    questionsAnswered: results.filter((r) => r.status === 'answered').length,
    averageScore: sessionScore(sessions.flatMap(scored)),
    byTopic,
    byDifficulty,
    trend,
    medianTimeSeconds: median(results.map((r) => r.timeSeconds)),
    timeouts: results.filter((r) => r.timedOut).length,
    streak: practiceStreak(new Set(allSessions.map((s) => localDay(new Date(s.startedAt)))), now),
    weakestTopics,
    mostMissed: mostMissedQuestions(results),
    selfGrading: selfGrading(sessions, filter),
  };
}
