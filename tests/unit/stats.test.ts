import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/services/since.js';
import { Chalk } from 'chalk';
import { formatStats } from '../../src/format/stats-text.js';
import { localDay } from '../../src/lib/day.js';
import { computeStats, median, mostMissedQuestions, practiceStreak, selfGrading } from '../../src/stats/aggregate.js';
import { sessionScore } from '../../src/session/summarize.js';
import type { ResultRecord, SessionRecord } from '../../src/session/types.js';

const result = (questionId: string, topic: string, score: number, extra: Partial<ResultRecord> = {}): ResultRecord => ({
  questionId,
  topic,
  difficulty: 'beginner',
  type: 'open',
  score,
  timeSeconds: 10,
  timedOut: false,
  status: 'answered',
  ...extra,
});
const session = (id: string, startedAt: string, results: ResultRecord[]): SessionRecord => ({
  id,
  user: 'u',
  mode: 'quiz',
  startedAt,
  finishedAt: startedAt,
  completed: true,
  filters: {},
  score: 0,
  results,
});

// Local noon on a given November 2026 day, so day boundaries do not depend on the machine's time zone.
const nov = (day: number, hour = 12) => new Date(2026, 10, day, hour).toISOString();

describe('computeStats (hand-computed)', () => {
  const sessions = [
    session('s1', nov(20), [
      result('q1', 'mlops', 1, { timeSeconds: 30 }),
      result('q2', 'serving', 0, { timeSeconds: 60, timedOut: true, status: 'timed-out' }),
    ]),
    session('s2', nov(21), [result('q2', 'serving', 0.25, { timeSeconds: 20 }), result('q3', 'serving', 0.75, { timeSeconds: 40, difficulty: 'advanced' })]),
    session('s3', nov(23), [result('q1', 'mlops', 0.5, { timeSeconds: 50 }), result('q9', 'career', 0, { status: 'not-reached', timeSeconds: 0 })]),
  ];
  const now = new Date(2026, 10, 23, 18);

  it('counts and medians over the questions actually put to the user; "answered" leaves out timeouts', () => {
    const s = computeStats(sessions, {}, now);
    expect(s).toMatchObject({ sessions: 3, questions: 5, questionsAnswered: 4, timeouts: 1, medianTimeSeconds: 40 });
    expect(s.byTopic).toEqual([
      { key: 'mlops', count: 2, score: 0.75 },
      { key: 'serving', count: 3, score: (0 + 0.25 + 0.75) / 3 },
    ]);
    expect(s.byDifficulty).toEqual([
      { key: 'beginner', count: 4, score: (1 + 0 + 0.25 + 0.5) / 4 },
      { key: 'advanced', count: 1, score: 0.75 },
    ]);
    expect(s.trend.map((t) => [t.sessionId, t.score])).toEqual([
      ['s1', 0.5],
      ['s2', 0.5],
      ['s3', 0.25],
    ]);
    expect(s.weakestTopics.map((g) => g.key)).toEqual(['serving', 'mlops']);
    expect(s.mostMissed).toEqual([{ questionId: 'q2', topic: 'serving', attempts: 2, misses: 2 }]);
    expect(s.streak).toEqual({ days: 1, practisedToday: true, lastPracticeDay: localDay(new Date(nov(23))) });
  });

  it('scores sessions as history and summaries do: a question a mock never reached counts as 0', () => {
    const s = computeStats(sessions, {}, now);
    expect(s.averageScore).toBeCloseTo((1 + 0 + 0.25 + 0.75 + 0.5 + 0) / 6);
    expect(s.trend.at(-1)!.score).toBe(sessionScore(sessions[2]!.results));
    // Narrowed to a topic, the same rule over that topic's results.
    expect(computeStats(sessions, { topics: ['career', 'mlops'] }, now).trend.map((t) => t.score)).toEqual([1, 0.25]);
  });

  it('filters by topic and by start date', () => {
    expect(computeStats(sessions, { topics: ['mlops'] }, now)).toMatchObject({ sessions: 2, questions: 2 });
    expect(computeStats(sessions, { since: new Date(2026, 10, 21) }, now)).toMatchObject({ sessions: 2, questions: 3 });
  });

  it('reports nothing, not NaN, without sessions', () => {
    expect(computeStats([], {}, now)).toMatchObject({ sessions: 0, questions: 0, questionsAnswered: 0, averageScore: 0, medianTimeSeconds: 0, mostMissed: [] });
  });
});

describe('practiceStreak', () => {
  const days = new Set(['2026-11-20', '2026-11-21', '2026-11-22']);
  it('counts consecutive days to today, or to yesterday when today is still open', () => {
    expect(practiceStreak(days, new Date(2026, 10, 22, 9))).toMatchObject({ days: 3, practisedToday: true });
    expect(practiceStreak(days, new Date(2026, 10, 23, 9))).toMatchObject({ days: 3, practisedToday: false });
    expect(practiceStreak(days, new Date(2026, 10, 24, 9))).toMatchObject({ days: 0, lastPracticeDay: '2026-11-22' });
  });
});

describe('helpers', () => {
  it('median of odd, even and empty lists', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, 0]);
  });
  it('most missed: misses first, then miss rate', () => {
    const results = [result('a', 't', 0), result('a', 't', 1), result('b', 't', 0.2), result('b', 't', 0.4), result('c', 't', 0.9)];
    expect(mostMissedQuestions(results).map((m) => [m.questionId, m.misses, m.attempts])).toEqual([
      ['b', 2, 2],
      ['a', 1, 2],
    ]);
  });
  it('parses --since as a local date, a date-time, or a span back from now', () => {
    const now = new Date(2026, 10, 27, 15);
    expect(parseSince('2026-11-01', now)).toEqual(new Date(2026, 10, 1));
    expect(parseSince('7d', now)).toEqual(new Date(2026, 10, 20));
    expect(parseSince('2w', now)).toEqual(new Date(2026, 10, 13));
    expect(parseSince('2026-11-02T10:00:00Z', now).toISOString()).toBe('2026-11-02T10:00:00.000Z');
    expect(() => parseSince('last week', now)).toThrow(/--since "last week" is not a date/);
    expect(() => parseSince('2026-02-30', now)).toThrow(/is not a date/);
    // Months out of range, and forms only JavaScript's lenient parser accepts ("12" would be December 2001).
    for (const odd of ['2026-13-01', '2026-00-10', '12', 'Nov 3', '2026-11-02 10:00', '2026-02-30T00:00', '2026-12-31T24:00'])
      expect(() => parseSince(odd, now)).toThrow(/is not a date/);
  });
});

describe('self-grading against the suggestions', () => {
  const graded = (id: string, day: number, ticked: number[], suggested?: number[]) =>
    session(id, nov(day), [
      result(`q-${id}`, 'mlops', ticked.length / 4, { keyPointsCovered: ticked, keyPointsTotal: 4, ...(suggested ? { keyPointsSuggested: suggested } : {}) }),
    ]);

  it('counts the ticked points the matcher found no support for, over recent sessions that recorded suggestions', () => {
    const sessions = [graded('old', 1, [0, 1, 2, 3]), graded('a', 2, [0, 1, 2], [0]), graded('b', 3, [0, 3], [0, 3])];
    expect(selfGrading(sessions)).toEqual({ sessions: 2, ticked: 5, unsupported: 2 });
  });

  it('says so in stats once enough points were ticked, with the numbers', () => {
    const sessions = Array.from({ length: 4 }, (_, i) => graded(`s${i}`, 10 + i, [0, 1, 2], [0]));
    const text = formatStats(computeStats(sessions, {}, new Date(2026, 10, 20)), { color: new Chalk({ level: 0 }), user: 'u' });
    expect(text).toContain(
      'Self-grading: in your last 4 sessions, 8 of the 12 key points you ticked (67%) had no sentence in your answer that the suggestions could match.',
    );
    const honest = Array.from({ length: 4 }, (_, i) => graded(`s${i}`, 10 + i, [0, 1, 2], [0, 1, 2]));
    expect(formatStats(computeStats(honest, {}, new Date(2026, 10, 20)), { color: new Chalk({ level: 0 }), user: 'u' })).not.toContain('Self-grading');
  });
});
