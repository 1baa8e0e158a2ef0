// The shape of a mock interview: which questions (the mix), and how the one session clock is shared out.
import type { Question } from '../bank/types.js';
import { UsageError } from '../errors.js';
import { seededRandom, shuffled } from '../session/random.js';

export interface MixSlot {
  topics: string[];
  /** Only questions with this tag, when the bank has enough of them. */
  tag?: string;
  count: number;
}

/** One design case, one runnable coding exercise, three production questions, one fundamentals question, one career question. */
export const DEFAULT_MIX = 'system-design#case-study:1,coding#runnable:1,mlops|serving|monitoring:3,ml-fundamentals:1,career:1';

/** Parses `topic|topic#tag:count,...`. */
export function parseMix(spec: string, knownTopics: readonly string[]): MixSlot[] {
  const slots = spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (slots.length === 0) throw new UsageError('--mix is empty; write it like "system-design:1,mlops|serving:2".');
  return slots.map((slot) => {
    const match = /^([a-z0-9|-]+)(?:#([^:]+))?:(\d+)$/.exec(slot);
    if (!match) throw new UsageError(`--mix part "${slot}" is not topic[|topic...][#tag]:count, for example mlops|serving:2.`);
    const topics = [...new Set(match[1]!.split('|').filter(Boolean))];
    for (const topic of topics) {
      if (!knownTopics.includes(topic)) throw new UsageError(`--mix names unknown topic "${topic}"; valid topics: ${knownTopics.join(', ')}.`);
    }
    const count = Number(match[3]);
    if (count < 1 || count > 20) throw new UsageError(`--mix count for "${match[1]}" must be from 1 to 20.`);
    return { topics, count, ...(match[2] ? { tag: match[2] } : {}) };
  });
}

/**
 * Picks each slot's questions by the seed: open questions first (an interview is spoken), spread across the
 * slot's topics in turn, never the same question twice.
 */
export function pickMockQuestions<Q extends Pick<Question, 'id' | 'topic' | 'tags' | 'type'>>(
  questions: readonly Q[],
  mix: readonly MixSlot[],
  seed: number,
): Q[] {
  const random = seededRandom(seed);
  const used = new Set<string>();
  const picked: Q[] = [];
  for (const slot of mix) {
    const inSlot = [...questions].filter((q) => slot.topics.includes(q.topic) && !used.has(q.id)).sort((a, b) => a.id.localeCompare(b.id));
    const tagged = slot.tag ? inSlot.filter((q) => q.tags.includes(slot.tag!)) : [];
    const pool = tagged.length >= slot.count ? tagged : inSlot;
    const ordered = shuffled(pool, random).sort((a, b) => Number(a.type === 'choice') - Number(b.type === 'choice'));
    const byTopic = slot.topics.map((t) => ordered.filter((q) => q.topic === t));
    const taken: Q[] = [];
    for (let round = 0; taken.length < slot.count && byTopic.some((list) => list.length > round); round++) {
      for (const list of byTopic) {
        const q = list[round];
        if (q && taken.length < slot.count) taken.push(q);
      }
    }
    for (const q of taken) {
      picked.push(q);
      used.add(q.id);
    }
  }
  return picked;
}

/**
 * Seconds for question `index`: its share of the time left, in proportion to its weight (its own suggested
 * time) against the weights of the questions still to come.
 */
export function budgetShare(weights: readonly number[], index: number, remainingSeconds: number): number {
  const rest = weights.slice(index).reduce((a, b) => a + b, 0);
  if (rest <= 0 || remainingSeconds <= 0) return 0;
  return Math.max(1, Math.floor((remainingSeconds * weights[index]!) / rest));
}
