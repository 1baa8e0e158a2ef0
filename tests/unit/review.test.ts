// Spaced repetition with fixed dates: ratings, schedules, damaged cards, clocks that move back, the daily queue.
import { Rating } from 'ts-fsrs';
import { describe, expect, it } from 'vitest';
import { applyResults, ratingFor, readCard, reviewCard, type StoredCard } from '../../src/review/cards.js';
import { buildReviewQueue, nextReviews, reviewForecast } from '../../src/review/queue.js';
import { formatNextReviews } from '../../src/format/score.js';
import { choiceQuestion, question } from '../helpers/questions.js';

const T0 = new Date('2026-11-02T09:00:00Z');
const open = (score: number, timedOut = false) => ({ score, timedOut, type: 'open' as const });
const days = (card: StoredCard, from: Date) => (Date.parse(card.due) - from.getTime()) / 86_400_000;

describe('ratingFor', () => {
  it('maps scores to FSRS ratings as documented; a timeout is always a lapse', () => {
    expect(ratingFor(open(0))).toBe(Rating.Again);
    expect(ratingFor(open(0.49))).toBe(Rating.Again);
    expect(ratingFor(open(1, true))).toBe(Rating.Again);
    expect(ratingFor(open(0.5))).toBe(Rating.Hard);
    expect(ratingFor(open(0.79))).toBe(Rating.Hard);
    expect(ratingFor(open(0.8))).toBe(Rating.Good);
    expect(ratingFor(open(1))).toBe(Rating.Easy);
    expect(ratingFor({ score: 1, timedOut: false, type: 'choice' })).toBe(Rating.Good);
  });
});

describe('reviewCard', () => {
  it('schedules a first answer 1, 2, 3 or 8 days out by rating', () => {
    expect([open(0), open(0.6), open(0.8), open(1)].map((r) => days(reviewCard(undefined, r, T0), T0))).toEqual([1, 2, 3, 8]);
  });

  it('grows the interval on success and shrinks it on a lapse (a timeout)', () => {
    const first = reviewCard(undefined, open(0.8), T0);
    const secondAt = new Date(first.due);
    const second = reviewCard(first, open(0.8), secondAt);
    expect(days(second, secondAt)).toBe(14);
    const thirdAt = new Date(second.due);
    const lapse = reviewCard(second, open(0, true), thirdAt);
    expect(days(lapse, thirdAt)).toBe(2);
    expect(lapse).toMatchObject({ reps: 3, lapses: 1, firstSeen: T0.toISOString() });
  });

  it('never schedules into the past or throws when the clock moved backwards', () => {
    const card = reviewCard(undefined, open(0.8), T0);
    const later = reviewCard(card, open(0.8), new Date('2026-11-05T09:00:00Z'));
    const backwards = reviewCard(later, open(0.8), new Date('2026-10-01T00:00:00Z'));
    expect(Date.parse(backwards.due)).toBeGreaterThanOrEqual(Date.parse(later.last_review!));
    expect(backwards.scheduled_days).toBeGreaterThanOrEqual(0);
  });
});

describe('applyResults', () => {
  it('updates the card of every graded question, skips questions not reached, and resets a damaged card', () => {
    const kept = reviewCard(undefined, open(0.8), T0);
    const cards = { kept, damaged: { due: 'not a date' }, untouched: kept };
    const results = [
      {
        questionId: 'kept',
        topic: 't',
        difficulty: 'beginner' as const,
        type: 'open' as const,
        score: 1,
        timeSeconds: 5,
        timedOut: false,
        status: 'answered' as const,
      },
      {
        questionId: 'damaged',
        topic: 't',
        difficulty: 'beginner' as const,
        type: 'open' as const,
        score: 1,
        timeSeconds: 5,
        timedOut: false,
        status: 'answered' as const,
      },
      {
        questionId: 'fresh',
        topic: 't',
        difficulty: 'beginner' as const,
        type: 'choice' as const,
        score: 0,
        timeSeconds: 5,
        timedOut: true,
        status: 'timed-out' as const,
      },
      {
        questionId: 'skipped',
        topic: 't',
        difficulty: 'beginner' as const,
        type: 'open' as const,
        score: 0,
        timeSeconds: 0,
        timedOut: false,
        status: 'not-reached' as const,
      },
    ];
    const update = applyResults(cards, results, new Date('2026-11-05T09:00:00Z'));
    expect(update.reset).toEqual(['damaged']);
    expect(readCard(update.cards.kept)?.reps).toBe(2);
    expect(readCard(update.cards.damaged)).toMatchObject({ reps: 1, firstSeen: '2026-11-05T09:00:00.000Z' });
    expect(readCard(update.cards.fresh)).toMatchObject({ reps: 1, lapses: 0 });
    expect(update.cards.untouched).toBe(kept);
    expect(update.cards.skipped).toBeUndefined();
  });

  it('rejects cards a hand edit broke', () => {
    const good = reviewCard(undefined, open(0.8), T0);
    expect(readCard(good)).toEqual(good);
    const memoryless = [
      { ...good, stability: 0 },
      { ...good, difficulty: 0.5 },
      { ...good, difficulty: 11 },
      { ...good, due: '+275760-09-13T00:00:00.000Z' },
    ];
    for (const broken of [
      null,
      'x',
      {},
      { ...good, stability: 'high' },
      { ...good, due: 'soon' },
      { ...good, state: 9 },
      { ...good, stability: -1 },
      ...memoryless,
    ]) {
      expect(readCard(broken)).toBeUndefined();
    }
  });

  it('starts afresh, and never throws, on a card ts-fsrs would refuse', () => {
    const good = reviewCard(undefined, open(0.8), T0);
    const result = {
      questionId: 'q',
      topic: 't',
      difficulty: 'beginner' as const,
      type: 'open' as const,
      score: 1,
      timeSeconds: 5,
      timedOut: false,
      status: 'answered' as const,
    };
    const update = applyResults({ q: { ...good, stability: 0 } }, [result], T0);
    expect(update.reset).toEqual(['q']);
    expect(readCard(update.cards.q)).toMatchObject({ reps: 1, lapses: 0 });
  });
});

describe('buildReviewQueue', () => {
  // Local times, so "today" and "tomorrow" mean the same days in every time zone.
  const at = (day: number, hour: number) => new Date(2026, 10, day, hour).toISOString();
  const now = new Date(2026, 10, 10, 12);
  const card = (due: string, firstSeen = at(1, 9)): StoredCard => ({ ...reviewCard(undefined, open(0.8), new Date(firstSeen)), due, firstSeen });
  const bank = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => question(id));
  const cards = {
    a: card(at(9, 12)),
    b: card(at(1, 12)),
    c: card(at(11, 8)),
    d: card(at(20, 8)),
    gone: card(at(1, 0)),
  };

  it('asks due cards most overdue first, then new questions, and counts tomorrow', () => {
    const queue = buildReviewQueue(bank, cards, now, { newPerDay: 2 });
    expect(queue.due.map((q) => q.id)).toEqual(['b', 'a']);
    expect(queue.fresh).toHaveLength(2);
    expect(queue.fresh.map((q) => q.id).filter((id) => !['e', 'f', 'g'].includes(id))).toEqual([]);
    expect(queue).toMatchObject({ dueNow: 2, dueTomorrow: 1, newLeftToday: 2, damaged: [] });
  });

  it('ignores cards of questions no longer in the bank', () => {
    expect(buildReviewQueue(bank, cards, now).due.map((q) => q.id)).not.toContain('gone');
  });

  it('counts new questions already introduced today against the daily limit', () => {
    const today = { ...cards, e: card(at(13, 12), at(10, 8)) };
    expect(buildReviewQueue(bank, today, now, { newPerDay: 2 })).toMatchObject({ newLeftToday: 1 });
    expect(buildReviewQueue(bank, today, now, { newPerDay: 2 }).fresh).toHaveLength(1);
    expect(buildReviewQueue(bank, today, now, { newPerDay: 0 }).fresh).toEqual([]);
  });

  it('takes --new <n> as n more new questions now, however many today already brought', () => {
    const today = { ...cards, e: card(at(13, 12), at(10, 8)) };
    expect(buildReviewQueue(bank, today, now, { newPerDay: 1, extraNew: 2 })).toMatchObject({ newLeftToday: 2 });
    expect(buildReviewQueue(bank, today, now, { newPerDay: 1, extraNew: 2 }).fresh).toHaveLength(2);
    expect(buildReviewQueue(bank, today, now, { newPerDay: 1 }).fresh).toEqual([]);
  });

  it('counts the new questions of the whole profile against the limit, whatever --topic narrows the queue to', () => {
    // A card introduced today for a question outside this (topic-filtered) queue still uses up today's limit.
    const today = { ...cards, 'other-topic-question': card(at(13, 12), at(10, 8)) };
    expect(buildReviewQueue(bank, today, now, { newPerDay: 2 })).toMatchObject({ newLeftToday: 1 });
  });

  it('respects --limit, due cards first', () => {
    const queue = buildReviewQueue(bank, cards, now, { limit: 1, newPerDay: 5 });
    expect([...queue.due, ...queue.fresh].map((q) => q.id)).toEqual(['b']);
  });

  it('says when the next card is due when nothing is due now', () => {
    const later = { c: card(at(11, 8)), d: card(at(20, 8)) };
    const queue = buildReviewQueue(bank, later, now, { newPerDay: 0 });
    expect(queue).toMatchObject({ dueNow: 0, nextDue: at(11, 8), due: [], fresh: [] });
  });

  it('treats a damaged card as a new question, and reports it', () => {
    const queue = buildReviewQueue([choiceQuestion('x', [0])], { x: { broken: true } }, now, { newPerDay: 5 });
    expect(queue.damaged).toEqual(['x']);
    expect(queue.fresh.map((q) => q.id)).toEqual(['x']);
  });

  it('forecasts the next seven days, overdue cards counted today', () => {
    const forecast = reviewForecast(cards, new Set(bank.map((q) => q.id)), now);
    expect(forecast).toHaveLength(7);
    expect(forecast.map((f) => f.due)).toEqual([2, 1, 0, 0, 0, 0, 0]);
    expect(forecast[0]!.day).toBe('2026-11-10');
  });
});

describe('nextReviews', () => {
  it('groups the answered questions by the local day they come back, skipping unknown or damaged cards', () => {
    // Local 09:00, so a due time on a later day is a whole number of calendar days away in any time zone.
    const at = new Date(2026, 10, 2, 9);
    const result = (questionId: string, score: number) => ({
      questionId,
      topic: 't',
      difficulty: 'beginner' as const,
      type: 'open' as const,
      score,
      timeSeconds: 5,
      timedOut: false,
      status: 'answered' as const,
    });
    const { cards } = applyResults({ broken: 'x' }, [result('a', 0), result('b', 0.3), result('c', 1)], at);
    const later = { ...cards, soon: { ...(cards.a as StoredCard), due: new Date(2026, 10, 2, 21).toISOString() } };
    // a and b lapsed (1 day), c was perfect (8 days); 'soon' is due this evening; 'nope' has no card.
    const groups = nextReviews(later, ['a', 'b', 'c', 'soon', 'nope', 'broken', 'a'], at);
    expect(groups).toEqual([
      { inDays: 0, count: 1 },
      { inDays: 1, count: 2 },
      { inDays: 8, count: 1 },
    ]);
    expect(formatNextReviews(groups)).toBe('Next reviews: 1 later today, 2 tomorrow, 1 in 8 days.');
  });

  it('counts an overdue card as today, never as a negative day', () => {
    const at = new Date(2026, 10, 2, 9);
    const overdue = { ...reviewCard(undefined, open(1), T0), due: new Date(2026, 9, 20).toISOString() };
    expect(nextReviews({ x: overdue }, ['x'], at)).toEqual([{ inDays: 0, count: 1 }]);
  });
});

describe('two simulated weeks of daily review', () => {
  it('introduces at most the daily limit of new questions, brings misses back sooner, and never repeats a card the same day', () => {
    const bank = Array.from({ length: 30 }, (_, i) => question(`q${String(i).padStart(2, '0')}`));
    const hard = new Set(['q03', 'q07', 'q11', 'q19', 'q23', 'q27']);
    let cards: Record<string, unknown> = {};
    const seenOn = new Map<string, string[]>();
    const log: Array<{ day: number; due: number; fresh: number }> = [];
    for (let day = 0; day < 14; day++) {
      const now = new Date(2026, 10, 2 + day, 9, 0, 0);
      const queue = buildReviewQueue(bank, cards, now, { newPerDay: 5, limit: 20 });
      log.push({ day, due: queue.due.length, fresh: queue.fresh.length });
      const asked = [...queue.due, ...queue.fresh];
      expect(new Set(asked.map((q) => q.id)).size).toBe(asked.length);
      const results = asked.map((q) => ({
        questionId: q.id,
        topic: q.topic,
        difficulty: q.difficulty,
        type: q.type,
        score: hard.has(q.id) ? 0.25 : 1,
        timeSeconds: 20,
        timedOut: false,
        status: 'answered' as const,
      }));
      cards = applyResults(cards, results, now).cards;
      for (const q of asked) seenOn.set(q.id, [...(seenOn.get(q.id) ?? []), now.toDateString()]);
    }
    expect(log.filter((d) => d.fresh > 5)).toEqual([]);
    expect(log[0]).toEqual({ day: 0, due: 0, fresh: 5 });
    expect(Math.max(...log.slice(1).map((d) => d.due))).toBeGreaterThan(0);
    expect(Object.keys(cards)).toHaveLength(30);
    const reviews = (ids: string[]) => ids.reduce((n, id) => n + (seenOn.get(id)?.length ?? 0), 0) / ids.length;
    const easyIds = bank.map((q) => q.id).filter((id) => !hard.has(id));
    expect(reviews([...hard])).toBeGreaterThan(reviews(easyIds) + 1);
  });
});

describe('desired retention', () => {
  it('shortens intervals when higher and lengthens them when lower', () => {
    const good = { score: 0.8, timedOut: false, type: 'open' as const };
    const second = (retention: number) => {
      const first = reviewCard(undefined, good, T0, retention);
      const at = new Date(first.due);
      return days(reviewCard(first, good, at, retention), at);
    };
    expect(second(0.9)).toBe(14);
    expect(second(0.97)).toBeLessThan(second(0.9));
    expect(second(0.7)).toBeGreaterThan(second(0.9));
  });
});
