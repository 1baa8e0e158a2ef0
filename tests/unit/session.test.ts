import { describe, expect, it } from 'vitest';
import { gradeChoice, gradeKeyPoints } from '../../src/session/grade.js';
import { choiceOrder, seededRandom, shuffled } from '../../src/session/random.js';
import { filterProblems, matchesFilter, selectQuestions } from '../../src/session/select.js';
import { groupScores, sessionScore, summarizeSession, weakest } from '../../src/session/summarize.js';
import { DEFAULT_SECONDS, elapsedSeconds, formatClock, timeLimitFor } from '../../src/session/timing.js';
import type { ResultRecord } from '../../src/session/types.js';
import { choiceQuestion, question } from '../helpers/questions.js';

const topics = [
  { id: 'alpha', title: 'A', description: 'a' },
  { id: 'beta', title: 'B', description: 'b' },
];

describe('selectQuestions', () => {
  const bank = [
    question('a1', { tags: ['drift'] }),
    question('a2', { difficulty: 'advanced' }),
    question('b1', { topic: 'beta', tags: ['Drift', 'psi'] }),
    choiceQuestion('b2', [0], 4, { topic: 'beta', difficulty: 'intermediate' }),
  ];

  it('filters by topic, difficulty, tag (case-insensitive, any of) and type', () => {
    expect(bank.filter((q) => matchesFilter(q, { topics: ['beta'] })).map((q) => q.id)).toEqual(['b1', 'b2']);
    expect(bank.filter((q) => matchesFilter(q, { difficulties: ['advanced', 'intermediate'] })).map((q) => q.id)).toEqual(['a2', 'b2']);
    expect(bank.filter((q) => matchesFilter(q, { tags: ['DRIFT'] })).map((q) => q.id)).toEqual(['a1', 'b1']);
    expect(bank.filter((q) => matchesFilter(q, { type: 'choice' })).map((q) => q.id)).toEqual(['b2']);
    expect(bank.filter((q) => matchesFilter(q, { topics: ['alpha'], tags: ['drift'] })).map((q) => q.id)).toEqual(['a1']);
  });

  it('returns the same questions in the same order for the same seed, whatever the input order', () => {
    const first = selectQuestions(bank, {}, 3, 1234).map((q) => q.id);
    const again = selectQuestions([...bank].reverse(), {}, 3, 1234).map((q) => q.id);
    expect(again).toEqual(first);
    expect(first).toHaveLength(3);
  });

  it('gives different orders for different seeds', () => {
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) =>
        selectQuestions(bank, {}, 4, seed)
          .map((q) => q.id)
          .join(),
      ),
    );
    expect(orders.size).toBeGreaterThan(5);
  });

  it('returns fewer than asked when fewer match, and none when nothing matches', () => {
    expect(selectQuestions(bank, { topics: ['beta'] }, 10, 1)).toHaveLength(2);
    expect(selectQuestions(bank, { tags: ['nothing'] }, 10, 1)).toEqual([]);
  });

  it('names unknown topics and levels, with a suggestion and the valid values', () => {
    expect(filterProblems({ topics: ['alpah'], difficulties: ['hard'] }, topics)).toEqual([
      'unknown topic "alpah" (did you mean "alpha"?); valid topics: alpha, beta.',
      'unknown difficulty "hard"; valid levels: beginner, intermediate, advanced.',
    ]);
    expect(filterProblems({ topics: ['alpha'], difficulties: ['advanced'] }, topics)).toEqual([]);
  });
});

describe('seeded shuffling', () => {
  it('is a permutation and reproducible', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = shuffled(items, seededRandom(99));
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled(items, seededRandom(99))).toEqual(a);
    expect(a).not.toEqual(items);
  });
});

describe('timing', () => {
  it('uses --time, else the question time, else the default for its type and level', () => {
    expect(timeLimitFor(question('q', { time: 300 }), { time: 20 })).toBe(20);
    expect(timeLimitFor(question('q', { time: 300 }), {})).toBe(300);
    expect(timeLimitFor(question('q', { difficulty: 'advanced' }), {})).toBe(360);
    expect(timeLimitFor(choiceQuestion('c', [0]), {})).toBe(DEFAULT_SECONDS.choice.beginner);
    expect(timeLimitFor(question('q', { time: 300 }), { timer: false, time: 20 })).toBeUndefined();
  });

  it('formats a countdown clock', () => {
    expect([formatClock(0), formatClock(5), formatClock(59.2), formatClock(125), formatClock(3725)]).toEqual(['0:00', '0:05', '1:00', '2:05', '1:02:05']);
  });

  it('never reports negative elapsed time when the clock moves backwards', () => {
    expect(elapsedSeconds(10_000, 12_345)).toBe(2.3);
    expect(elapsedSeconds(10_000, 9_000)).toBe(0);
  });
});

describe('grading', () => {
  it('scores a single-answer choice 1 or 0', () => {
    const q = choiceQuestion('c', [2]);
    expect(gradeChoice(q, [2])).toBe(1);
    expect(gradeChoice(q, [1])).toBe(0);
    expect(gradeChoice(q, [])).toBe(0);
  });

  it('gives partial credit on multi-answer choices and subtracts wrong picks', () => {
    const q = choiceQuestion('c', [0, 2]);
    expect(gradeChoice(q, [0, 2])).toBe(1);
    expect(gradeChoice(q, [0])).toBe(0.5);
    expect(gradeChoice(q, [0, 1])).toBe(0);
    expect(gradeChoice(q, [0, 2, 3])).toBe(0.5);
    expect(gradeChoice(q, [1, 3])).toBe(0);
    expect(gradeChoice(q, [0, 0, 2])).toBe(1);
  });

  it('scores open questions as the share of key points covered, ignoring out-of-range ticks', () => {
    const q = question('q');
    expect(gradeKeyPoints(q, [0, 2])).toBe(0.5);
    expect(gradeKeyPoints(q, [0, 1, 2, 3])).toBe(1);
    expect(gradeKeyPoints(q, [])).toBe(0);
    expect(gradeKeyPoints(q, [0, 0, 9, -1])).toBe(0.25);
  });
});

describe('summaries', () => {
  const r = (topic: string, difficulty: ResultRecord['difficulty'], score: number, extra: Partial<ResultRecord> = {}): ResultRecord => ({
    questionId: `${topic}-${score}`,
    topic,
    difficulty,
    type: 'open',
    score,
    timeSeconds: 10,
    timedOut: false,
    status: 'answered',
    ...extra,
  });
  const results = [
    r('alpha', 'beginner', 1),
    r('alpha', 'advanced', 0.5),
    r('beta', 'beginner', 0.25),
    r('beta', 'intermediate', 0, { timedOut: true, status: 'timed-out', timeSeconds: 60 }),
    r('gamma', 'advanced', 0, { status: 'not-reached', timeSeconds: 0 }),
  ];

  it('averages per topic and per difficulty over graded answers; the session score counts a question not reached as 0', () => {
    const s = summarizeSession({ results });
    expect(s.byTopic).toEqual([
      { key: 'alpha', count: 2, score: 0.75 },
      { key: 'beta', count: 2, score: 0.125 },
    ]);
    expect(s.byDifficulty).toEqual([
      { key: 'beginner', count: 2, score: 0.625 },
      { key: 'intermediate', count: 1, score: 0 },
      { key: 'advanced', count: 1, score: 0.5 },
    ]);
    expect(s.score).toBeCloseTo(1.75 / 5);
    expect(s).toMatchObject({ total: 5, answered: 3, timedOut: 1, notReached: 1, timeSeconds: 90 });
  });

  it('names the weakest topic, preferring the one with more evidence on a tie', () => {
    expect(weakest(groupScores(results, (x) => x.topic))?.key).toBe('gamma');
    expect(
      weakest([
        { key: 'x', count: 1, score: 0.2 },
        { key: 'y', count: 3, score: 0.2 },
      ])?.key,
    ).toBe('y');
    expect(weakest([])).toBeUndefined();
  });

  it('scores an empty session as 0', () => {
    expect(sessionScore([])).toBe(0);
  });
});

describe('choice order', () => {
  const q = { id: 'mlops-choice', choices: ['a', 'b', 'c', 'd', 'e'], shuffle: true };
  it('shuffles the options, the same way for the same seed, differently for another', () => {
    const orders = Array.from({ length: 20 }, (_, seed) => choiceOrder(q, seed).join(''));
    for (const order of orders) expect([...order].sort().join('')).toBe('01234');
    expect(choiceOrder(q, 7)).toEqual(choiceOrder(q, 7));
    expect(new Set(orders).size).toBeGreaterThan(10);
    // Over many seeds, the right option (index 0 here) is not always first.
    expect(orders.filter((o) => o.startsWith('0')).length).toBeLessThan(10);
  });

  it("keeps the file's order when the question asks for it", () => {
    expect(choiceOrder({ ...q, shuffle: false }, 3)).toEqual([0, 1, 2, 3, 4]);
  });
});
