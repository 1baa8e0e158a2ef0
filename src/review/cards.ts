// Spaced repetition with ts-fsrs: one card per question id per profile. Pure functions over plain JSON, with
// the review time passed in, so scheduling is testable with fixed dates and survives clocks that jump.
import { createEmptyCard, forgetting_curve, fsrs, generatorParameters, Rating, State, type Card, type FSRS, type Grade } from 'ts-fsrs';
import { isGraded, type ResultRecord } from '../session/types.js';

/**
 * Day-scale scheduling (a quiz is practised daily, not minute by minute) and no fuzz, so schedules are exact. One
 * scheduler per desired retention (the profile's `retention` setting; ts-fsrs's default is 0.9).
 */
const schedulers = new Map<number, FSRS>();
function schedulerFor(retention = 0.9): FSRS {
  let scheduler = schedulers.get(retention);
  if (!scheduler) {
    scheduler = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false, request_retention: retention }));
    schedulers.set(retention, scheduler);
  }
  return scheduler;
}

/** A card as stored: ts-fsrs's card with dates as ISO strings, plus when the question was first seen. */
export interface StoredCard {
  due: string;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: string;
  firstSeen: string;
}

/**
 * How a graded answer becomes an FSRS rating:
 * timed out, or under 50% -> Again (a lapse); 50% to under 80% -> Hard; 80% and above -> Good;
 * a perfect open answer -> Easy (a perfect multiple-choice pick stays Good: a guess can be right).
 * An answer given after a hint is at best Hard: it was not recalled unaided.
 */
export function ratingFor(result: Pick<ResultRecord, 'score' | 'timedOut' | 'type' | 'hintsUsed'>): Grade {
  if (result.timedOut || result.score < 0.5) return Rating.Again;
  if (result.score < 0.8 || (result.hintsUsed ?? 0) > 0) return Rating.Hard;
  if (result.score >= 1 && result.type === 'open') return Rating.Easy;
  return Rating.Good;
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A date string ts-fsrs can do arithmetic on (1970 to 9999; a hand edit can write anything). */
const isDate = (v: unknown): v is string => {
  const time = typeof v === 'string' ? Date.parse(v) : NaN;
  return time >= 0 && time < 253_402_300_800_000;
};

/** A stored card ts-fsrs can use, or undefined when it is missing or damaged. */
export function readCard(value: unknown): StoredCard | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Partial<StoredCard>;
  const numbers = [c.stability, c.difficulty, c.elapsed_days, c.scheduled_days, c.learning_steps, c.reps, c.lapses, c.state];
  if (!numbers.every(isFiniteNumber) || !isDate(c.due) || !isDate(c.firstSeen)) return undefined;
  if (c.last_review !== undefined && !isDate(c.last_review)) return undefined;
  if (!Object.values(State).includes(c.state as number) || (c.stability as number) < 0) return undefined;
  // Once reviewed, a card has a memory state: stability above 0 and difficulty from 1 to 10.
  if (c.state !== State.New && ((c.stability as number) <= 0 || (c.difficulty as number) < 1 || (c.difficulty as number) > 10)) return undefined;
  return c as StoredCard;
}

function toCard(stored: StoredCard): Card {
  const { last_review: lastReview, firstSeen: _firstSeen, ...rest } = stored;
  return {
    ...rest,
    due: new Date(stored.due),
    state: stored.state as State,
    ...(lastReview ? { last_review: new Date(lastReview) } : {}),
  };
}

function fromCard(card: Card, firstSeen: string): StoredCard {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.last_review ? { last_review: card.last_review.toISOString() } : {}),
    firstSeen,
  };
}

/**
 * The card after one graded answer. A clock that moved backwards is treated as "no time has passed since the
 * last review", so intervals are never negative.
 */
export function reviewCard(
  previous: StoredCard | undefined,
  result: Pick<ResultRecord, 'score' | 'timedOut' | 'type' | 'hintsUsed'>,
  now: Date,
  retention?: number,
): StoredCard {
  return gradeCard(previous, ratingFor(result), now, retention);
}

/** The card after a review with the given FSRS rating (the plan's simulation assumes Good). */
export function gradeCard(previous: StoredCard | undefined, rating: Grade, now: Date, retention?: number): StoredCard {
  const lastReview = previous?.last_review ? new Date(previous.last_review) : undefined;
  const at = lastReview && now < lastReview ? lastReview : now;
  const card = previous ? toCard(previous) : createEmptyCard(at);
  const next = schedulerFor(retention).next(card, at, rating).card;
  return fromCard(next, previous?.firstSeen ?? at.toISOString());
}

/** The probability of recalling a card's question at `at`, from its FSRS memory state (0 for a card never reviewed). */
export function recallAt(card: StoredCard, at: Date): number {
  if (card.state === State.New || card.stability <= 0 || !card.last_review) return 0;
  return recallAfter(card.stability, at.getTime() - Date.parse(card.last_review));
}

const DEFAULT_WEIGHTS = generatorParameters().w;

/**
 * FSRS retrievability `elapsedMs` after a review, as ts-fsrs's get_retrievability counts it (whole days elapsed);
 * it depends on stability and time alone, not on the desired retention.
 */
export function recallAfter(stability: number, elapsedMs: number): number {
  if (stability <= 0) return 0;
  return forgetting_curve(DEFAULT_WEIGHTS, Math.max(0, Math.floor(elapsedMs / 86_400_000)), +stability.toFixed(8));
}

export interface CardUpdate {
  cards: Record<string, unknown>;
  /** Question ids whose stored card was damaged and started afresh. */
  reset: string[];
}

/**
 * The stored card of a question id, if the profile has one. Ids come from question files, so `constructor` or
 * `__proto__` must find nothing rather than what every object inherits.
 */
export function storedCard(cards: Record<string, unknown>, id: string): unknown {
  return Object.hasOwn(cards, id) ? cards[id] : undefined;
}

/** A copy of `cards` with no prototype, so assigning any id (even `__proto__`) makes an ordinary entry. */
export function cardTable(cards: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, cards);
}

/** Applies a session's graded results (questions not reached or not self-graded are skipped) to a profile's cards. */
export function applyResults(cards: Record<string, unknown>, results: readonly ResultRecord[], now: Date, retention?: number): CardUpdate {
  const next = cardTable(cards);
  return { cards: next, reset: applyResultsInPlace(next, results, now, retention) };
}

/**
 * applyResults changing `cards` itself (a table made by cardTable), for replaying a whole journal without a copy
 * per session; returns the question ids whose damaged card started afresh.
 */
export function applyResultsInPlace(next: Record<string, unknown>, results: readonly ResultRecord[], now: Date, retention?: number): string[] {
  const reset: string[] = [];
  for (const result of results) {
    if (!isGraded(result)) continue;
    const stored = storedCard(next, result.questionId);
    let previous = readCard(stored);
    if (stored !== undefined && !previous) reset.push(result.questionId);
    try {
      next[result.questionId] = reviewCard(previous, result, now, retention);
    } catch {
      // A card that passed the checks but ts-fsrs still refuses: start it afresh rather than lose the session.
      if (previous) reset.push(result.questionId);
      previous = undefined;
      next[result.questionId] = reviewCard(undefined, result, now, retention);
    }
  }
  return reset;
}
