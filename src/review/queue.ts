// What `review` asks today: due cards, most overdue first, then new questions up to the daily limit.
import type { Question } from '../bank/types.js';
import { seededRandom, shuffled } from '../session/random.js';
import { localDay } from '../lib/day.js';
import { readCard, storedCard, type StoredCard } from './cards.js';

export const DEFAULT_NEW_PER_DAY = 10;
export const DEFAULT_REVIEW_LIMIT = 20;

export interface ReviewQueue<Q extends { id: string } = Question> {
  due: Q[];
  fresh: Q[];
  /** Due now (before the limit is applied). */
  dueNow: number;
  /** Due by the end of tomorrow but not now. */
  dueTomorrow: number;
  /** The next due date after now, when nothing is due. */
  nextDue?: string;
  newLeftToday: number;
  /** Question ids whose stored card was damaged (they count as new). */
  damaged: string[];
}

function endOfDay(date: Date, plusDays: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + plusDays, 23, 59, 59, 999);
}

export function cardsOf(questions: readonly { id: string }[], cards: Record<string, unknown>) {
  const known = new Map<string, StoredCard>();
  const damaged: string[] = [];
  for (const q of questions) {
    const raw = storedCard(cards, q.id);
    if (raw === undefined) continue;
    const card = readCard(raw);
    if (card) known.set(q.id, card);
    else damaged.push(q.id);
  }
  return { known, damaged };
}

export function buildReviewQueue<Q extends { id: string } = Question>(
  questions: readonly Q[],
  cards: Record<string, unknown>,
  now: Date,
  /** `extraNew`: new questions wanted now, whatever today's limit has already let in (`review --new <n>`). */
  options: { limit?: number; newPerDay?: number; extraNew?: number } = {},
): ReviewQueue<Q> {
  const limit = options.limit ?? DEFAULT_REVIEW_LIMIT;
  const { known, damaged } = cardsOf(questions, cards);
  const dueQuestions = questions
    .filter((q) => known.has(q.id) && Date.parse(known.get(q.id)!.due) <= now.getTime())
    .sort((a, b) => Date.parse(known.get(a.id)!.due) - Date.parse(known.get(b.id)!.due) || a.id.localeCompare(b.id));
  const tomorrow = endOfDay(now, 1).getTime();
  const dueTomorrow = [...known.values()].filter((c) => Date.parse(c.due) > now.getTime() && Date.parse(c.due) <= tomorrow).length;
  const upcoming = [...known.values()]
    .map((c) => c.due)
    .filter((d) => Date.parse(d) > now.getTime())
    .sort((a, b) => Date.parse(a) - Date.parse(b));

  const today = localDay(now);
  // The daily limit is the profile's, whatever --topic narrows this session to.
  const introducedToday = Object.values(cards).filter((raw) => {
    const card = readCard(raw);
    return card !== undefined && localDay(new Date(card.firstSeen)) === today;
  }).length;
  const newPerDay = options.newPerDay ?? DEFAULT_NEW_PER_DAY;
  const newLeftToday = options.extraNew ?? Math.max(0, newPerDay - introducedToday);
  // New questions in an order that changes day by day but not within a day.
  const daySeed = Number(today.replace(/-/g, ''));
  const unseen = shuffled(
    questions.filter((q) => !known.has(q.id)).sort((a, b) => a.id.localeCompare(b.id)),
    seededRandom(daySeed),
  );
  const due = dueQuestions.slice(0, limit);
  const fresh = unseen.slice(0, Math.min(newLeftToday, limit - due.length));
  return {
    due,
    fresh,
    dueNow: dueQuestions.length,
    dueTomorrow,
    ...(dueQuestions.length === 0 && upcoming[0] ? { nextDue: upcoming[0] } : {}),
    newLeftToday,
    damaged,
  };
}

/** How many cards fall due on each of the next `days` days (today includes everything overdue). */
export function reviewForecast(cards: Record<string, unknown>, knownIds: ReadonlySet<string>, now: Date, days = 7): Array<{ day: string; due: number }> {
  const forecast = Array.from({ length: days }, (_, i) => ({ day: localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + i, 12)), due: 0 }));
  for (const [id, raw] of Object.entries(cards)) {
    if (!knownIds.has(id)) continue;
    const card = readCard(raw);
    if (!card) continue;
    const due = new Date(card.due);
    const index = due.getTime() <= endOfDay(now, 0).getTime() ? 0 : forecast.findIndex((f) => f.day === localDay(due));
    if (index >= 0) forecast[index]!.due++;
  }
  return forecast;
}

/** Whole local calendar days from `now` to `date` (0 = later today, 1 = tomorrow), never negative. */
function daysUntil(date: Date, now: Date): number {
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  return Math.max(0, Math.round((startOf(date) - startOf(now)) / 86_400_000));
}

/** When the given questions come back, grouped by day: [{ inDays: 1, count: 2 }, { inDays: 4, count: 1 }]. */
export function nextReviews(cards: Record<string, unknown>, ids: Iterable<string>, now: Date): Array<{ inDays: number; count: number }> {
  const byDay = new Map<number, number>();
  for (const id of new Set(ids)) {
    const card = readCard(storedCard(cards, id));
    if (!card) continue;
    const inDays = daysUntil(new Date(card.due), now);
    byDay.set(inDays, (byDay.get(inDays) ?? 0) + 1);
  }
  return [...byDay].sort(([a], [b]) => a - b).map(([inDays, count]) => ({ inDays, count }));
}
