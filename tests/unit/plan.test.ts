// The interview plan and readiness forecast with a fake clock: whole plans followed day by day to the date, dates in
// the past, tomorrow and too close for the bank, and time zones far from UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fsrs, generatorParameters } from 'ts-fsrs';
import { UsageError } from '../../src/errors.js';
import { DEFAULT_MIX, parseMix } from '../../src/mock/plan.js';
import {
  addDays,
  buildStudyPlan,
  daysBetween,
  finalPassTarget,
  forecastReadiness,
  localCalendar,
  loopWeights,
  parseInterviewDate,
  studyOrder,
  trackStatus,
  type PlanInput,
  type PlanQuestion,
} from '../../src/plan/interview.js';
import { applyResults, readCard, recallAfter, recallAt, reviewCard } from '../../src/review/cards.js';
import type { ResultRecord } from '../../src/session/types.js';

const TOPICS = ['system-design', 'mlops', 'serving', 'monitoring', 'ml-fundamentals', 'career', 'coding'];
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** `n` questions spread over the topics in turn; every fourth is multiple choice. */
function bank(n: number, topics = TOPICS): PlanQuestion[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${String(i).padStart(3, '0')}`,
    topic: topics[i % topics.length]!,
    difficulty: LEVELS[i % 3]!,
    type: i % 4 === 0 ? ('choice' as const) : ('open' as const),
  }));
}

const weights = loopWeights(parseMix(DEFAULT_MIX, TOPICS), TOPICS);

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    now: new Date(2026, 11, 3, 9, 0),
    calendar: localCalendar,
    interview: '2026-12-17',
    minutesPerDay: 30,
    retention: 0.9,
    questions: bank(40),
    cards: {},
    results: [],
    topicWeights: weights,
    ...overrides,
  };
}

const good = (id: string, q: PlanQuestion): ResultRecord => ({
  questionId: id,
  topic: q.topic,
  difficulty: q.difficulty,
  type: q.type,
  score: q.type === 'open' ? 0.8 : 1,
  timeSeconds: 60,
  timedOut: false,
  status: 'answered',
});

/**
 * Follows the plan as a user would: each morning the plan is made afresh from the cards, and the day's reviews,
 * final pass and new questions are all answered well at 18:00. Returns the cards on the interview day and each
 * morning's plan.
 */
function followPlan(base: PlanInput) {
  let cards: Record<string, unknown> = { ...base.cards };
  const byId = new Map(base.questions.map((q) => [q.id, q]));
  const mornings = [];
  const today = localCalendar.dayOf(base.now);
  for (let day = today; day < base.interview; day = addDays(day, 1)) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const plan = buildStudyPlan({ ...base, now: new Date(y, m - 1, d, 8, 0), cards });
    mornings.push(plan);
    const first = plan.days[0]!;
    expect(first.day).toBe(day);
    const ids = [...first.reviews, ...first.finalPass, ...first.fresh];
    cards = applyResults(
      cards,
      ids.map((id) => good(id, byId.get(id)!)),
      new Date(y, m - 1, d, 18, 0),
      base.retention,
    ).cards;
  }
  return { cards, mornings };
}

describe('interview dates', () => {
  it('takes a real date from today to a year ahead, and refuses the past with one clear usage error', () => {
    expect(parseInterviewDate('2026-12-17', '2026-12-03')).toBe('2026-12-17');
    expect(parseInterviewDate(' 2026-12-03 ', '2026-12-03')).toBe('2026-12-03');
    const past = () => parseInterviewDate('2026-12-02', '2026-12-03');
    expect(past).toThrow(UsageError);
    expect(past).toThrow("the interview date 2026-12-02 is in the past (today is 2026-12-03); give today's date or a later one.");
    try {
      past();
    } catch (error) {
      expect((error as UsageError).exitCode).toBe(2);
    }
    expect(() => parseInterviewDate('2026-02-30', '2026-01-01')).toThrow('is not a date; write it as YYYY-MM-DD');
    expect(() => parseInterviewDate('next friday', '2026-01-01')).toThrow('is not a date');
    expect(() => parseInterviewDate('2028-01-01', '2026-12-03')).toThrow('more than 365 days away');
    expect(() => buildStudyPlan(input({ interview: '2026-12-01' }))).toThrow(UsageError);
  });

  it('counts calendar days across month ends, leap days and DST changes', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-12-17', '2026-12-03')).toBe(-14);
  });
});

describe('buildStudyPlan', () => {
  it('lists every day from today to the day before the interview, each within the daily minutes', () => {
    const plan = buildStudyPlan(input());
    expect(plan.daysLeft).toBe(14);
    expect(plan.days.map((d) => d.day)).toEqual(Array.from({ length: 14 }, (_, i) => addDays('2026-12-03', i)));
    for (const day of plan.days) expect(day.minutes).toBeLessThanOrEqual(30);
    // 40 questions fit: every one is planned exactly once, and nothing is left out.
    const planned = plan.days.flatMap((d) => d.fresh);
    expect(new Set(planned).size).toBe(40);
    expect(plan).toMatchObject({ newPlanned: 40, leftOut: { count: 0, ids: [] }, scope: { questions: 40, seen: 0, unseen: 40 } });
    expect(plan.pace).toEqual({ open: null, choice: null, source: 'suggested times' });
    // Suggested times: 120/240/360 s for open questions, 45/60/90 s for choice ones.
    const first = plan.days[0]!;
    const seconds = first.fresh.map((id) => {
      const i = Number(id.slice(1));
      return i % 4 === 0 ? [45, 60, 90][i % 3]! : [120, 240, 360][i % 3]!;
    });
    expect(first.minutes).toBe(Math.round(seconds.reduce((a, b) => a + b, 0) / 6) / 10);
    expect(Object.values(first.newByTopic).reduce((a, b) => a + b, 0)).toBe(first.fresh.length);
  });

  it('followed day by day with a fake clock, covers the bank and reaches the interview above the retention target', () => {
    const base = input();
    const { cards, mornings } = followPlan(base);
    expect(mornings).toHaveLength(14);
    // Every morning's plan still fits everything, and the reviews it asks for are the ones that fell due.
    for (const plan of mornings) expect(trackStatus(plan)).toEqual({ onTrack: true, reasons: [] });
    const forecast = forecastReadiness({ ...base, now: new Date(2026, 11, 17, 8), cards });
    expect(forecast.daysLeft).toBe(0);
    expect(forecast.overall).toMatchObject({ questions: 40, seen: 40, coverage: 1 });
    // The final pass leaves no studied question below the target on the day.
    for (const q of forecast.questions) expect(q.recall).toBeGreaterThanOrEqual(0.9);
    expect(forecast.overall.averageRecall).toBeGreaterThanOrEqual(finalPassTarget(0.9));
    // The last two days hold the final pass and no new questions are left for them.
    const lastTwo = mornings.slice(-2).flatMap((p) => p.days[0]!.finalPass);
    expect(lastTwo.length).toBeGreaterThan(0);
  });

  it('pulls reviews forward into the last two days for questions that would reach the interview below the target', () => {
    // A question answered perfectly 3 days ago: due 8 days later, after the interview, but fading by then.
    const now = new Date(2026, 11, 3, 9);
    const studied = reviewCard(undefined, { score: 1, timedOut: false, type: 'open' }, new Date(2026, 10, 30, 9));
    const plan = buildStudyPlan(input({ now, interview: '2026-12-06', questions: bank(1), cards: { q000: studied } }));
    expect(localCalendar.dayOf(new Date(studied.due))).toBe('2026-12-08');
    expect(recallAt(studied, localCalendar.noonOf('2026-12-06'))).toBeLessThan(finalPassTarget(0.9));
    expect(plan.days.map((d) => d.finalPass)).toEqual([[], ['q000'], []]);
    expect(plan.withoutFinalPass).toBe(0);
  });

  it('plans a date tomorrow as one day: the new questions and the final pass together', () => {
    const studied = reviewCard(undefined, { score: 0.8, timedOut: false, type: 'open' }, new Date(2026, 10, 25, 9));
    const plan = buildStudyPlan(input({ interview: '2026-12-04', questions: bank(6), cards: { q001: studied } }));
    expect(plan.daysLeft).toBe(1);
    expect(plan.days).toHaveLength(1);
    const [day] = plan.days;
    // q001 was due on 11-28: an overdue review, not a final pass.
    expect(day).toMatchObject({ day: '2026-12-03', reviews: ['q001'], finalPass: [] });
    expect(day!.fresh.length).toBeGreaterThan(0);
    expect(day!.minutes).toBeLessThanOrEqual(30);
    expect(plan.newPlanned + plan.leftOut.count).toBe(5);
  });

  it('plans nothing on the interview day itself', () => {
    const plan = buildStudyPlan(input({ interview: '2026-12-03' }));
    expect(plan).toMatchObject({ daysLeft: 0, days: [], newPlanned: 0, leftOut: { count: 40 } });
  });

  it('says what a bank too large for the time leaves out, by topic and by id', () => {
    const questions = bank(300);
    const plan = buildStudyPlan(input({ questions, minutesPerDay: 20 }));
    expect(plan.leftOut.count).toBeGreaterThan(0);
    expect(plan.newPlanned + plan.leftOut.count).toBe(300);
    expect(Object.values(plan.leftOut.byTopic).reduce((a, b) => a + b, 0)).toBe(plan.leftOut.count);
    const planned = new Set(plan.days.flatMap((d) => d.fresh));
    expect(plan.leftOut.ids.filter((id) => planned.has(id))).toEqual([]);
    expect(trackStatus(plan).onTrack).toBe(false);
    expect(trackStatus(plan).reasons[0]).toBe(`${plan.leftOut.count} unseen questions do not fit before the interview`);
    for (const day of plan.days) expect(day.minutes).toBeLessThanOrEqual(20);
  });

  it('spreads new questions over the days rather than front-loading them', () => {
    const plan = buildStudyPlan(input({ questions: bank(200) }));
    const fresh = plan.days.map((d) => d.fresh.length);
    // No day of the first week is left without new questions by the reviews the first days brought back.
    expect(fresh.slice(0, 7)).not.toContain(0);
  });

  it('leaves the time already spent today out of today', () => {
    const now = new Date(2026, 11, 3, 15);
    const early = new Date(2026, 11, 3, 8);
    const cards = Object.fromEntries(['q001', 'q002', 'q003'].map((id) => [id, reviewCard(undefined, { score: 0.8, timedOut: false, type: 'open' }, early)]));
    const fresh = buildStudyPlan(input({ now, minutesPerDay: 15 }));
    const later = buildStudyPlan(input({ now, cards, minutesPerDay: 15 }));
    // q001-q003 are open questions of 240, 360 and 120 s: 12 of today's 15 minutes are gone.
    expect(later.scope.seen).toBe(3);
    expect(later.days[0]!.minutes).toBeLessThanOrEqual(3);
    expect(fresh.days[0]!.minutes).toBeGreaterThan(3);
  });

  it("uses the user's own median time per question type once there are five answers of that type", () => {
    const results = [50, 60, 70, 80, 90].map((timeSeconds) => ({ topic: 'mlops', type: 'open' as const, timeSeconds, score: 1 }));
    expect(buildStudyPlan(input({ results: results.slice(1) })).pace.source).toBe('suggested times');
    const plan = buildStudyPlan(input({ results, questions: bank(300) }));
    expect(plan.pace).toEqual({ open: 70, choice: null, source: 'mixed' });
    // Faster than the suggested 2-6 minutes: more of the bank fits.
    expect(plan.newPlanned).toBeGreaterThan(buildStudyPlan(input({ questions: bank(300) })).newPlanned);
    // Answering time leaves out reading the model answer: never under half the suggested time (q001: 4 min).
    const one = buildStudyPlan(input({ results, questions: [bank(2)[1]!], interview: '2026-12-04' }));
    expect(one.days[0]!.minutes).toBe(2);
  });

  it('gives weak topics more of the new questions', () => {
    const results = ['career', 'career', 'mlops', 'mlops'].map((topic, i) => ({
      topic,
      type: 'open' as const,
      timeSeconds: 60,
      score: topic === 'career' ? 0 : 1 + i * 0,
    }));
    const order = (r: typeof results) => {
      const plan = buildStudyPlan(input({ questions: bank(300), results: r, minutesPerDay: 15, interview: '2026-12-06' }));
      return plan.days.flatMap((d) => d.fresh).filter((id) => Number(id.slice(1)) % 7 === TOPICS.indexOf('career')).length;
    };
    expect(order(results)).toBeGreaterThan(order([]));
  });

  it('limits the plan to the --focus topics', () => {
    const plan = buildStudyPlan(input({ focus: ['mlops', 'serving'] }));
    expect(plan.scope.questions).toBe(12);
    expect(plan.days.flatMap((d) => Object.keys(d.newByTopic)).filter((t) => t !== 'mlops' && t !== 'serving')).toEqual([]);
  });

  it('asks for more reviews at a higher retention target', () => {
    const reviews = (retention: number) => {
      const plan = buildStudyPlan(input({ retention, questions: bank(20), interview: '2027-01-20' }));
      return plan.days.reduce((n, d) => n + d.reviews.length, 0);
    };
    expect(reviews(0.95)).toBeGreaterThan(reviews(0.8));
  });
});

describe('studyOrder and loopWeights', () => {
  it('weighs topics by the interview mix, with topics outside it at half the lightest slot', () => {
    expect(Object.fromEntries(weights)).toEqual({ 'system-design': 1, mlops: 1, serving: 1, monitoring: 1, 'ml-fundamentals': 1, career: 1, coding: 1 });
    const wider = [...TOPICS, 'data-engineering'];
    expect(loopWeights(parseMix(DEFAULT_MIX, wider), wider).get('data-engineering')).toBe(0.5);
  });

  it('interleaves topics in proportion to weight, easiest questions of each topic first', () => {
    const qs = [...bank(6, ['a']), ...bank(6, ['b'])].map((q, i) => ({ ...q, id: `${q.topic}${i}` }));
    const order = studyOrder(
      qs,
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(
      order
        .slice(0, 6)
        .map((q) => q.topic)
        .join(''),
    ).toBe('aabaab');
    const a = order.filter((q) => q.topic === 'a').map((q) => q.difficulty);
    expect(a).toEqual(['beginner', 'beginner', 'intermediate', 'intermediate', 'advanced', 'advanced']);
  });
});

describe('forecastReadiness', () => {
  it("gives each seen question's FSRS retrievability on the interview day, and per topic coverage and mean", () => {
    const at = new Date(2026, 10, 20, 9);
    const card = reviewCard(undefined, { score: 0.8, timedOut: false, type: 'open' }, at);
    const questions = bank(14);
    const forecast = forecastReadiness({
      now: new Date(2026, 11, 3, 9),
      calendar: localCalendar,
      interview: '2026-12-17',
      questions,
      cards: { q000: card, q007: card, q001: { broken: true } },
    });
    const expected = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false })).get_retrievability(
      { ...card, due: new Date(card.due), last_review: new Date(card.last_review!) } as never,
      localCalendar.noonOf('2026-12-17'),
      false,
    );
    expect(forecast.daysLeft).toBe(14);
    expect(forecast.questions).toEqual([
      { id: 'q000', topic: 'system-design', recall: expected },
      { id: 'q007', topic: 'system-design', recall: expected },
    ]);
    expect(forecast.byTopic.find((t) => t.topic === 'system-design')).toEqual({
      topic: 'system-design',
      questions: 2,
      seen: 2,
      coverage: 1,
      averageRecall: expected,
    });
    expect(forecast.byTopic.find((t) => t.topic === 'mlops')).toEqual({ topic: 'mlops', questions: 2, seen: 0, coverage: 0, averageRecall: 0 });
    expect(forecast.overall).toEqual({ questions: 14, seen: 2, coverage: 2 / 14, averageRecall: expected });
  });

  it('matches ts-fsrs retrievability and is certain right after a review', () => {
    const card = readCard(reviewCard(undefined, { score: 0.8, timedOut: false, type: 'open' }, new Date('2026-11-02T09:00:00Z')))!;
    expect(recallAt(card, new Date('2026-11-02T09:00:00Z'))).toBe(1);
    expect(recallAfter(card.stability, 10 * 86_400_000)).toBeCloseTo(recallAt(card, new Date('2026-11-12T09:00:00Z')), 10);
    expect(recallAt(card, new Date('2026-11-12T09:00:00Z'))).toBeLessThan(0.9);
  });
});

// The calendar follows the machine's zone; CI also runs the whole unit suite under these zones.
describe.each(['Pacific/Auckland', 'Pacific/Honolulu', 'UTC'])('in %s', (zone) => {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.TZ;
    process.env.TZ = zone;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it("counts days from the user's local today, not UTC's", () => {
    // 11:30 UTC on 3 December is already 00:30 on the 4th in Auckland (UTC+13) and 01:30 on the 3rd in Honolulu.
    const now = new Date('2026-12-03T11:30:00Z');
    const today = { 'Pacific/Auckland': '2026-12-04', 'Pacific/Honolulu': '2026-12-03', UTC: '2026-12-03' }[zone]!;
    const plan = buildStudyPlan(input({ now, interview: '2026-12-10' }));
    expect(plan.today).toBe(today);
    expect(plan.days[0]!.day).toBe(today);
    expect(plan.daysLeft).toBe(daysBetween(today, '2026-12-10'));
    expect(() => parseInterviewDate(addDays(today, -1), today)).toThrow('is in the past');
  });

  it('follows a whole plan across the zone to the date with every question seen and no review left behind', () => {
    // Auckland changes to summer time on the last Sunday of September: a plan across it.
    const base = input({ now: new Date(2026, 8, 20, 7, 45), interview: '2026-10-04', questions: bank(30) });
    const { cards, mornings } = followPlan(base);
    expect(mornings.map((p) => p.today)).toEqual(Array.from({ length: 14 }, (_, i) => addDays('2026-09-20', i)));
    const forecast = forecastReadiness({ ...base, now: new Date(2026, 9, 4, 8), cards });
    expect(forecast.overall).toMatchObject({ seen: 30, coverage: 1 });
    for (const q of forecast.questions) expect(q.recall).toBeGreaterThanOrEqual(0.9);
  });
});
