// The study plan towards an interview date and the readiness forecast on that date. Pure: no terminal, no disk;
// the clock (`now`) and the calendar (which local day an instant falls on) are passed in, so a whole plan can be
// run with a fake clock in any time zone.
import { plural } from '../lib/plural.js';
import { Rating } from 'ts-fsrs';
import type { Question } from '../bank/types.js';
import { UsageError } from '../errors.js';
import type { MixSlot } from '../mock/plan.js';
import { gradeCard, readCard, recallAfter, recallAt, type StoredCard } from '../review/cards.js';
import { mean } from '../session/summarize.js';
import { timeLimitFor } from '../session/timing.js';
import type { ResultRecord } from '../session/types.js';
import { localDay } from '../lib/day.js';
import { median } from '../stats/aggregate.js';

/** Which local calendar day an instant falls on, and back: the one time-zone-aware part of planning. */
export interface Calendar {
  /** The local calendar day of an instant, YYYY-MM-DD. */
  dayOf(instant: Date): string;
  /** Noon of a local calendar day: when the plan assumes that day's study (and the interview) happens. */
  noonOf(day: string): Date;
}

/** The calendar of the machine's time zone (TZ). */
export const localCalendar: Calendar = {
  dayOf: localDay,
  noonOf: (day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d, 12);
  },
};

const DAY_MS = 86_400_000;
const utcMidnight = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Calendar-day arithmetic on YYYY-MM-DD (no time zone is involved in counting days). */
export function addDays(day: string, n: number): string {
  return new Date(utcMidnight(day) + n * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** The furthest interview a plan is made for. */
export const MAX_PLAN_DAYS = 365;

/** A real calendar date as YYYY-MM-DD, from today up to MAX_PLAN_DAYS ahead; otherwise a usage error. */
export function parseInterviewDate(text: string, today: string): string {
  const trimmed = text.trim();
  const valid = /^\d{4}-\d\d-\d\d$/.test(trimmed) && !Number.isNaN(utcMidnight(trimmed)) && addDays(trimmed, 0) === trimmed;
  if (!valid) throw new UsageError(`--interview "${trimmed}" is not a date; write it as YYYY-MM-DD, for example ${addDays(today, 14)}.`);
  const ahead = daysBetween(today, trimmed);
  if (ahead < 0) throw new UsageError(`the interview date ${trimmed} is in the past (today is ${today}); give today's date or a later one.`);
  if (ahead > MAX_PLAN_DAYS) throw new UsageError(`the interview date ${trimmed} is more than ${MAX_PLAN_DAYS} days away; plan for a date within a year.`);
  return trimmed;
}

/** Topics outside the interview mix still come up, less often: half the weight of the lightest slot topic. */
const OUTSIDE_MIX_SHARE = 0.5;

/** Weight per topic from the interview loop's mix: a slot's count shared among its topics. */
export function loopWeights(mix: readonly MixSlot[], topics: readonly string[]): Map<string, number> {
  const fromMix = new Map<string, number>();
  for (const slot of mix) for (const t of slot.topics) fromMix.set(t, (fromMix.get(t) ?? 0) + slot.count / slot.topics.length);
  const lightest = Math.min(...fromMix.values(), 1);
  return new Map(topics.map((t) => [t, fromMix.get(t) ?? lightest * OUTSIDE_MIX_SHARE]));
}

export type PlanQuestion = Pick<Question, 'id' | 'topic' | 'difficulty' | 'type' | 'time'>;
export type PlanResult = Pick<ResultRecord, 'topic' | 'type' | 'timeSeconds' | 'score'>;

export interface PlanInput {
  now: Date;
  calendar: Calendar;
  /** The interview day, YYYY-MM-DD (today or later). */
  interview: string;
  minutesPerDay: number;
  /** FSRS desired retention. */
  retention: number;
  questions: readonly PlanQuestion[];
  /** Only these topics, when given. */
  focus?: readonly string[];
  /** The profile's stored cards by question id. */
  cards: Record<string, unknown>;
  /** Graded results of the profile's history: the user's pace and weak topics. */
  results: readonly PlanResult[];
  /** Weight per topic (from the interview mix); topics missing here weigh 1. */
  topicWeights: ReadonlyMap<string, number>;
}

export interface PlanDay {
  day: string;
  /** Question ids due for review that day (cards the schedule brings back). */
  reviews: string[];
  /** Studied questions pulled forward for a last look before the interview. */
  finalPass: string[];
  /** New questions, in the order to take them. */
  fresh: string[];
  newByTopic: Record<string, number>;
  minutes: number;
  /** Reviews alone take more than the day's minutes. */
  overBudget: boolean;
}

export interface StudyPlan {
  today: string;
  interview: string;
  /** Study days left: today up to the day before the interview. */
  daysLeft: number;
  minutesPerDay: number;
  retention: number;
  focus: string[];
  /** Expected seconds per question, and where the figure comes from. */
  pace: { open: number | null; choice: number | null; source: 'your median' | 'suggested times' | 'mixed' };
  scope: { questions: number; seen: number; unseen: number };
  days: PlanDay[];
  newPlanned: number;
  /** Unseen questions the time does not allow, by topic and by id. */
  leftOut: { count: number; byTopic: Record<string, number>; ids: string[] };
  /** Studied questions that would reach the interview below the retention target, their final pass not fitting. */
  withoutFinalPass: number;
  /** If the plan is followed: the share of the scope seen and the average recall on the interview day. */
  projected: { coverage: number; averageRecall: number };
}

/** Days before the interview in which studied questions get a final pass. */
export const FINAL_PASS_DAYS = 2;
/** How much of the expected recall a smoother plan may give up (see buildStudyPlan). */
const SMOOTHING_TOLERANCE = 0.99;
/** How much of the expected recall a plan may give up so that no day's reviews overrun its minutes. */
const OVERRUN_TOLERANCE = 0.9;
/** Own answers of a type before the user's median replaces the suggested times. */
const MIN_TIMED_ANSWERS = 5;
const DIFFICULTY_ORDER: Record<string, number> = { beginner: 0, intermediate: 1, advanced: 2 };

/**
 * Below this forecast recall on the interview day, a studied question gets a final pass in the last days, as far
 * as the minutes go: halfway from the retention target to certainty.
 */
export function finalPassTarget(retention: number): number {
  return retention + (1 - retention) / 2;
}

/**
 * Seconds a question is expected to take: the user's median for its type, else its suggested time. The recorded
 * time runs until the answer is in, leaving out reading the model answer and grading, so the median counts for at
 * least half the suggested time.
 */
function paceOf(results: readonly PlanResult[]) {
  const medians = { open: null as number | null, choice: null as number | null };
  for (const type of ['open', 'choice'] as const) {
    const times = results.filter((r) => r.type === type).map((r) => r.timeSeconds);
    if (times.length >= MIN_TIMED_ANSWERS) medians[type] = Math.max(1, median(times));
  }
  return {
    medians,
    estimate: (q: PlanQuestion) => {
      const suggested = timeLimitFor(q as Question, {})!;
      const own = medians[q.type];
      return own === null ? suggested : Math.max(own, suggested / 2);
    },
  };
}

/** Topic weights from the mix, raised for topics the user scores low in (up to double at 0%). */
export function topicWeightsFor(topics: readonly string[], mixWeights: ReadonlyMap<string, number>, results: readonly PlanResult[]): Map<string, number> {
  const scores = new Map<string, number[]>();
  for (const r of results) {
    const list = scores.get(r.topic);
    if (list) list.push(r.score);
    else scores.set(r.topic, [r.score]);
  }
  return new Map(
    topics.map((t) => {
      const own = scores.get(t) ?? [];
      const weakness = own.length >= 2 ? 1 - Math.max(0, Math.min(1, mean(own))) : 0;
      return [t, (mixWeights.get(t) ?? 1) * (1 + weakness)];
    }),
  );
}

/**
 * Unseen questions in study order: topics interleaved in proportion to their weights (stride scheduling), each
 * topic's questions from beginner to advanced.
 */
export function studyOrder(questions: readonly PlanQuestion[], weights: ReadonlyMap<string, number>): PlanQuestion[] {
  const byTopic = new Map<string, PlanQuestion[]>();
  for (const q of questions) {
    const list = byTopic.get(q.topic);
    if (list) list.push(q);
    else byTopic.set(q.topic, [q]);
  }
  for (const list of byTopic.values())
    list.sort((a, b) => (DIFFICULTY_ORDER[a.difficulty] ?? 9) - (DIFFICULTY_ORDER[b.difficulty] ?? 9) || a.id.localeCompare(b.id));
  const topics = [...byTopic.keys()].sort();
  const taken = new Map(topics.map((t) => [t, 0]));
  const order: PlanQuestion[] = [];
  while (order.length < questions.length) {
    let best: string | undefined;
    let bestPass = Infinity;
    for (const t of topics) {
      if (taken.get(t)! >= byTopic.get(t)!.length) continue;
      const pass = (taken.get(t)! + 1) / Math.max(weights.get(t) ?? 1, 1e-6);
      if (pass < bestPass) [best, bestPass] = [t, pass];
    }
    const t = best!;
    order.push(byTopic.get(t)![taken.get(t)!]!);
    taken.set(t, taken.get(t)! + 1);
  }
  return order;
}

function inScope(input: Pick<PlanInput, 'questions' | 'focus'>): PlanQuestion[] {
  return input.focus?.length ? input.questions.filter((q) => input.focus!.includes(q.topic)) : [...input.questions];
}

export function buildStudyPlan(input: PlanInput): StudyPlan {
  const { calendar, retention } = input;
  const today = calendar.dayOf(input.now);
  const daysLeft = daysBetween(today, input.interview);
  if (daysLeft < 0) throw new UsageError(`the interview date ${input.interview} is in the past (today is ${today}).`);
  const questions = inScope(input);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const pace = paceOf(input.results);
  const stored = new Map<string, StoredCard>();
  for (const q of questions) {
    const card = readCard(input.cards[q.id]);
    if (card) stored.set(q.id, card);
  }
  const weights = topicWeightsFor([...new Set(questions.map((q) => q.topic))], input.topicWeights, input.results);
  const costs = new Map(questions.map((q) => [q.id, pace.estimate(q)]));
  const context: Simulation = {
    input,
    today,
    daysLeft,
    byId,
    cost: (id) => costs.get(id)!,
    stored,
    order: studyOrder(
      questions.filter((q) => !stored.has(q.id)),
      weights,
    ).map((q) => q.id),
    reviews: new GoodReviews(retention),
  };

  // Taking as many new questions as each day's minutes allow front-loads them, and the reviews they bring back a
  // few days later crowd out the next ones: days of only new questions, then days of only reviews. The smallest
  // daily cap on minutes of new questions that keeps nearly as many questions recalled on the day (their summed
  // forecast recall) spreads them.
  const interviewMs = calendar.noonOf(input.interview).getTime();
  const recalled = (run: SimulationRun) => [...run.cards.values()].reduce((sum, card) => sum + simRecall(card, interviewMs), 0);
  const greedy = simulate(context, Infinity);
  const enough = recalled(greedy) * SMOOTHING_TOLERANCE;
  let best = greedy;
  const newMinutes = (day: PlanDay) => Math.ceil(day.fresh.reduce((sum, id) => sum + context.cost(id), 0) / 60);
  let low = Math.max(1, Math.ceil(greedy.days.reduce((sum, d) => sum + newMinutes(d), 0) / Math.max(1, daysLeft)));
  let high = Math.max(0, ...greedy.days.map(newMinutes));
  while (low < high) {
    const cap = Math.floor((low + high) / 2);
    const run = simulate(context, cap * 60);
    if (recalled(run) >= enough) {
      best = run;
      high = cap;
    } else low = cap + 1;
  }
  // New questions should not make the reviews they bring back overrun a day: where that cap does, the largest cap
  // that does not, unless it gives up much of the recall (a backlog of reviews already overdue overruns whatever
  // the cap, and is not counted).
  const overruns = (run: SimulationRun) => run.days.filter((d) => d.overBudget).length;
  const unavoidable = overruns(simulate(context, 0));
  if (overruns(best) > unavoidable) {
    let [fits, overrunsAt] = [0, low];
    while (fits + 1 < overrunsAt) {
      const cap = Math.floor((fits + overrunsAt) / 2);
      if (overruns(simulate(context, cap * 60)) > unavoidable) overrunsAt = cap;
      else fits = cap;
    }
    const run = simulate(context, fits * 60);
    if (overruns(run) <= unavoidable && recalled(run) >= recalled(best) * OVERRUN_TOLERANCE) best = run;
  }

  const left = best.waiting;
  const leftByTopic: Record<string, number> = {};
  for (const id of left) leftByTopic[byId.get(id)!.topic] = (leftByTopic[byId.get(id)!.topic] ?? 0) + 1;
  const recalls = [...best.cards.values()].map((c) => simRecall(c, interviewMs));
  const { open, choice } = pace.medians;
  const kinds = new Set(questions.map((q) => q.type));
  const fromHistory = [...kinds].filter((k) => pace.medians[k] !== null).length;
  return {
    today,
    interview: input.interview,
    daysLeft,
    minutesPerDay: input.minutesPerDay,
    retention,
    focus: [...(input.focus ?? [])],
    pace: { open, choice, source: fromHistory === 0 ? 'suggested times' : fromHistory === kinds.size ? 'your median' : 'mixed' },
    scope: { questions: questions.length, seen: stored.size, unseen: questions.length - stored.size },
    days: best.days,
    newPlanned: best.studied,
    leftOut: { count: left.length, byTopic: leftByTopic, ids: left },
    withoutFinalPass: best.withoutFinalPass,
    projected: { coverage: questions.length ? best.cards.size / questions.length : 0, averageRecall: mean(recalls) },
  };
}

interface Simulation {
  input: PlanInput;
  today: string;
  daysLeft: number;
  byId: ReadonlyMap<string, PlanQuestion>;
  cost(id: string): number;
  /** The profile's cards of questions in scope. */
  stored: ReadonlyMap<string, StoredCard>;
  /** Unseen questions in study order. */
  order: readonly string[];
  reviews: GoodReviews;
}

/** A card in the simulation: a memory state shared by every card in it, and the card's own times. */
interface SimCard {
  memory: StoredCard;
  lastMs: number;
  dueMs: number;
}

/**
 * Reviews answered Good. FSRS depends only on the memory state and on the time since the last review, so one
 * result serves every card in the same state reviewed after the same interval: simulated cards mostly walk the same
 * path, and ts-fsrs is the expensive part of a plan.
 */
class GoodReviews {
  private readonly known = new Map<StoredCard | undefined, Map<number, { memory: StoredCard; intervalMs: number }>>();

  constructor(private readonly retention: number) {}

  next(card: SimCard | undefined, atMs: number): SimCard {
    const since = card ? atMs - card.lastMs : 0;
    // The time of day matters too: ts-fsrs counts whole UTC days.
    const key = since * 100_000 + Math.floor((atMs % DAY_MS) / 1000);
    let results = this.known.get(card?.memory);
    if (!results) this.known.set(card?.memory, (results = new Map()));
    let hit = results.get(key);
    if (!hit) {
      const previous = card ? { ...card.memory, last_review: new Date(card.lastMs).toISOString(), due: new Date(card.dueMs).toISOString() } : undefined;
      const memory = gradeCard(previous, Rating.Good, new Date(atMs), this.retention);
      hit = { memory, intervalMs: Date.parse(memory.due) - atMs };
      results.set(key, hit);
    }
    return { memory: hit.memory, lastMs: atMs, dueMs: atMs + hit.intervalMs };
  }
}

const simCard = (card: StoredCard): SimCard => ({ memory: card, lastMs: Date.parse(card.last_review ?? card.firstSeen), dueMs: Date.parse(card.due) });
const simRecall = (card: SimCard, atMs: number) => recallAfter(card.memory.stability, atMs - card.lastMs);

interface SimulationRun {
  days: PlanDay[];
  /** How many of `order` were studied. */
  studied: number;
  /** The rest of `order`: left out. */
  waiting: string[];
  withoutFinalPass: number;
  /** Every card as it would stand after the last study day. */
  cards: Map<string, SimCard>;
}

/** Day by day to the interview, assuming every answer is good: due reviews, the final pass, then new questions. */
function simulate(context: Simulation, newSecondsCap: number): SimulationRun {
  const { input, today, daysLeft, cost, byId, order } = context;
  const { calendar } = input;
  const interviewMs = calendar.noonOf(input.interview).getTime();
  const budget = input.minutesPerDay * 60;
  const cards = new Map<string, SimCard>();
  for (const [id, card] of context.stored) cards.set(id, simCard(card));
  // Which study day an instant falls on, remembered per quarter hour (no time zone offset is finer).
  const indexOf = new Map<number, number>();
  const dayIndex = (ms: number) => {
    const slot = Math.floor(ms / 900_000);
    let index = indexOf.get(slot);
    if (index === undefined) indexOf.set(slot, (index = Math.max(0, daysBetween(today, calendar.dayOf(new Date(ms))))));
    return index;
  };
  // Reviews waiting for each study day; anything due on the interview day or later is left to after it.
  const due: string[][] = Array.from({ length: daysLeft }, () => []);
  const schedule = (id: string, card: SimCard) => {
    const index = dayIndex(card.dueMs);
    if (index < daysLeft) due[index]!.push(id);
  };
  for (const [id, card] of cards) schedule(id, card);
  // What was already done today (first answers and reviews) comes out of today's minutes.
  let spentToday = 0;
  for (const [id, card] of cards) if (calendar.dayOf(new Date(card.lastMs)) === today) spentToday += cost(id);
  let waiting = [...order];
  const shortest = Math.min(...order.map(cost));
  const windowStart = Math.max(0, daysLeft - FINAL_PASS_DAYS);
  const target = finalPassTarget(input.retention);
  const reviewedInWindow = new Set<string>();
  let withoutFinalPass = 0;
  const days: PlanDay[] = [];

  for (let i = 0; i < daysLeft; i++) {
    const day = addDays(today, i);
    const noonMs = calendar.noonOf(day).getTime();
    let room = budget - (i === 0 ? spentToday : 0);
    const study = (id: string) => {
      const card = context.reviews.next(cards.get(id), noonMs);
      cards.set(id, card);
      if (i >= windowStart) reviewedInWindow.add(id);
      schedule(id, card);
      room -= cost(id);
    };
    const reviews = [...new Set(due[i]!)].sort();
    for (const id of reviews) study(id);
    const overBudget = room < 0;

    const finalPass: string[] = [];
    if (i >= windowStart) {
      // Studied questions that would otherwise reach the interview below the target and are not due again in
      // the window: the weakest first, shared over the window days left, as far as the minutes go.
      const dueLater = new Set(due.slice(i + 1).flat());
      const candidates = [...cards]
        .filter(([id]) => !reviewedInWindow.has(id) && !dueLater.has(id))
        .map(([id, card]) => ({ id, recall: simRecall(card, interviewMs) }))
        .filter((c) => c.recall < target)
        .sort((a, b) => a.recall - b.recall || a.id.localeCompare(b.id));
      const share = Math.ceil(candidates.length / (daysLeft - i));
      for (const { id } of candidates.slice(0, share)) {
        if (cost(id) > room) break;
        finalPass.push(id);
        study(id);
      }
      // Only those left below the retention target itself count as missing it; the rest are merely not refreshed.
      if (i === daysLeft - 1) withoutFinalPass = candidates.filter((c) => c.recall < input.retention && !finalPass.includes(c.id)).length;
    }

    // New questions in study order; one that does not fit in what is left of the day waits for a day with room,
    // and the ones after it go ahead (a 40-minute design case does not hold up the 2-minute questions).
    const fresh: string[] = [];
    const startedEmpty = reviews.length === 0 && finalPass.length === 0 && room === budget;
    let allowance = Math.min(room, newSecondsCap);
    for (let k = 0; k < waiting.length && allowance >= shortest; k++) {
      const id = waiting[k]!;
      if (cost(id) > allowance) continue;
      fresh.push(id);
      study(id);
      allowance -= cost(id);
    }
    // A question longer than a whole day's minutes would never fit: it gets a free day of its own.
    const oversized = !fresh.length && startedEmpty ? waiting.find((id) => cost(id) > budget) : undefined;
    if (oversized) {
      fresh.push(oversized);
      study(oversized);
    }
    if (fresh.length) {
      const taken = new Set(fresh);
      waiting = waiting.filter((id) => !taken.has(id));
    }
    const newByTopic: Record<string, number> = {};
    for (const id of fresh) newByTopic[byId.get(id)!.topic] = (newByTopic[byId.get(id)!.topic] ?? 0) + 1;
    const minutes = Math.round([...reviews, ...finalPass, ...fresh].reduce((s, id) => s + cost(id), 0) / 6) / 10;
    days.push({ day, reviews, finalPass, fresh, newByTopic, minutes, overBudget });
  }
  return { days, studied: order.length - waiting.length, waiting, withoutFinalPass, cards };
}

export interface TopicReadiness {
  topic: string;
  questions: number;
  seen: number;
  /** Share of the topic's questions seen, 0..1. */
  coverage: number;
  /** Mean forecast recall of the seen questions on the interview day, 0..1. */
  averageRecall: number;
}

export interface ReadinessForecast {
  interview: string;
  /** Calendar days from today to the interview (negative once it has passed). */
  daysLeft: number;
  overall: Omit<TopicReadiness, 'topic'>;
  byTopic: TopicReadiness[];
  /** Every seen question's probability of recall on the interview day. */
  questions: Array<{ id: string; topic: string; recall: number }>;
}

/** For every question seen, its FSRS retrievability at noon on the interview day; per topic, coverage and mean. */
export function forecastReadiness(input: Pick<PlanInput, 'now' | 'calendar' | 'interview' | 'questions' | 'focus' | 'cards'>): ReadinessForecast {
  const at = input.calendar.noonOf(input.interview);
  const questions = inScope(input);
  const recalls: ReadinessForecast['questions'] = [];
  for (const q of questions) {
    const card = readCard(input.cards[q.id]);
    if (card) recalls.push({ id: q.id, topic: q.topic, recall: recallAt(card, at) });
  }
  const summary = (qs: readonly PlanQuestion[], rs: typeof recalls) => ({
    questions: qs.length,
    seen: rs.length,
    coverage: qs.length ? rs.length / qs.length : 0,
    averageRecall: mean(rs.map((r) => r.recall)),
  });
  const topics = [...new Set(questions.map((q) => q.topic))].sort();
  return {
    interview: input.interview,
    daysLeft: daysBetween(input.calendar.dayOf(input.now), input.interview),
    overall: summary(questions, recalls),
    byTopic: topics.map((topic) => ({
      topic,
      ...summary(
        questions.filter((q) => q.topic === topic),
        recalls.filter((r) => r.topic === topic),
      ),
    })),
    questions: recalls,
  };
}

export interface TrackStatus {
  onTrack: boolean;
  /** Why not, as short phrases. */
  reasons: string[];
}

/** On track: the plan from today fits every question in scope, the reviews fit each day, and every final pass fits. */
export function trackStatus(plan: StudyPlan): TrackStatus {
  const reasons: string[] = [];
  if (plan.leftOut.count) reasons.push(`${plural(plan.leftOut.count, 'unseen question')} do not fit before the interview`);
  const heavy = plan.days.filter((d) => d.overBudget).length;
  if (heavy) reasons.push(`reviews alone overrun ${plan.minutesPerDay} min on ${plural(heavy, 'day')}`);
  if (plan.withoutFinalPass) reasons.push(`${plural(plan.withoutFinalPass, 'studied question')} miss the final pass`);
  return { onTrack: reasons.length === 0, reasons };
}
